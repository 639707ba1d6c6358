// Small JSON values kept in localStorage (or sessionStorage: gone with the window), forgiving private mode and damaged entries.

type Area = 'local' | 'session';
const storage = (area: Area): Storage => (area === 'session' ? sessionStorage : localStorage);

export function readStored<T>(key: string, area: Area = 'local'): T | null {
  try {
    const raw = storage(area).getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: unknown, area: Area = 'local'): void {
  try {
    if (value === null || value === undefined) storage(area).removeItem(key);
    else storage(area).setItem(key, JSON.stringify(value));
  } catch {
    // Private mode: the value lasts for this page only.
  }
}
