// The words of a password change, shared by every app's sign-in form and the manager's staff accounts.
import type { Messages } from './i18n.ts';

export type PasswordKey =
  'changeTitle' | 'changeHint' | 'newPassword' | 'repeatPassword' | 'changePassword' | 'passwordsDiffer' | 'passwordPolicy' | 'wrongCurrent';

export const passwordMessages: Messages<PasswordKey> = {
  'zh-CN': {
    changeTitle: '设置新密码',
    changeHint: '管理员已重置您的密码。请设置一个只有您知道的新密码后继续。',
    newPassword: '新密码',
    repeatPassword: '再次输入新密码',
    changePassword: '保存新密码并继续',
    passwordsDiffer: '两次输入的新密码不一致，请重新输入。',
    passwordPolicy: '密码至少 10 个字符，不能与用户名相同，须包含字母、数字、符号中的至少两类，且不能只重复一两个字符。',
    wrongCurrent: '临时密码不正确，请重新登录后再试。',
  },
  'zh-TW': {
    changeTitle: '設定新密碼',
    changeHint: '管理員已重設您的密碼。請設定一個只有您知道的新密碼後繼續。',
    newPassword: '新密碼',
    repeatPassword: '再次輸入新密碼',
    changePassword: '儲存新密碼並繼續',
    passwordsDiffer: '兩次輸入的新密碼不一致，請重新輸入。',
    passwordPolicy: '密碼至少 10 個字元，不能與使用者名稱相同，須包含字母、數字、符號中的至少兩類，且不能只重複一兩個字元。',
    wrongCurrent: '臨時密碼不正確，請重新登入後再試。',
  },
  en: {
    changeTitle: 'Set a new password',
    changeHint: 'The hall manager reset your password. Set a new one that only you know to continue.',
    newPassword: 'New password',
    repeatPassword: 'New password again',
    changePassword: 'Save and continue',
    passwordsDiffer: 'The two new passwords differ. Type them again.',
    passwordPolicy: 'At least 10 characters, not your username, with at least two of letters, digits and symbols, not just one or two characters repeated.',
    wrongCurrent: 'The temporary password is wrong. Sign in again and retry.',
  },
};
