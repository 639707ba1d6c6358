// The password rule for staff and manager accounts, shared by the server (the rule) and the apps (early feedback).

/** Why a password is refused, in English for the API (`null` when it is acceptable). */
export function passwordProblem(password: string, username: string): string | null {
  if ([...password].length < 10) return 'at least 10 characters';
  if (password.length > 256) return 'at most 256 characters';
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) return 'must not be the username';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
  if (classes < 2) return 'mix at least two of: lower-case letters, capitals, digits, other characters';
  if (new Set(password).size < 4) return 'use at least 4 different characters';
  return null;
}
