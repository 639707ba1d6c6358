// Languages of the hall (zh-CN default, zh-TW, en; visitor pages also ja): every user-facing string goes through a key.
import { create } from 'zustand';
import type { LocalizedNames } from '../../core/model.ts';

/** Visitor pages (kiosk, display, rating pad, phone page) offer all four; the park portal's visitors read 日本語. */
export const LANGS = ['zh-CN', 'zh-TW', 'en', 'ja'] as const;
export type Lang = (typeof LANGS)[number];
/** Staff pages (counter console, manager) are not translated into Japanese: they fall back to zh-CN. */
export const STAFF_LANGS = ['zh-CN', 'zh-TW', 'en'] as const satisfies readonly Lang[];
export type StaffLang = (typeof STAFF_LANGS)[number];

/** A dictionary: zh-CN, zh-TW and en are required; ja is checked key by key for visitor pages by tests/renderer/i18n.test.ts. */
export type Messages<K extends string> = Record<StaffLang, Record<K, string>> & Partial<Record<'ja', Record<K, string>>>;

/** A name the hall data gives in zh-CN, with optional translations (services, categories, the hall). */
export function localName(lang: Lang, name: string, names: LocalizedNames | null | undefined): string {
  if (lang === 'zh-CN' || !names) return name;
  return names[lang]?.trim() || name;
}

interface LangState {
  lang: Lang;
  setLang(lang: Lang): void;
}

const stored = (): Lang => {
  try {
    const v = globalThis.localStorage?.getItem('hall.lang');
    return (LANGS as readonly string[]).includes(v ?? '') ? (v as Lang) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
};

export const useLang = create<LangState>((set) => ({
  lang: stored(),
  setLang(lang) {
    try {
      globalThis.localStorage?.setItem('hall.lang', lang);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    if (globalThis.document) document.documentElement.lang = lang;
    set({ lang });
  },
}));

/** Fills {name} placeholders. */
export function format(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A translator for one dictionary: `t('key', {n: 3})`. Missing keys fall back to zh-CN, then the key. */
export function translator<K extends string>(messages: Messages<K>, lang: Lang) {
  return (key: K, vars?: Record<string, string | number>): string => format(messages[lang]?.[key] ?? messages['zh-CN'][key] ?? key, vars);
}

export function useT<K extends string>(messages: Messages<K>) {
  const lang = useLang((s) => s.lang);
  return translator(messages, lang);
}

/** What the hall's error codes mean to a visitor or staff member, and what to do next. */
export const errorMessages: Record<Lang, Record<string, string>> = {
  'zh-CN': {
    TOO_MANY_ATTEMPTS: '尝试次数过多，请 {seconds} 秒后再试；如忘记密码，请联系大厅管理员重置。',
    DAILY_CAP_REACHED: '该事项今日号已取完，请明天再来或在线预约。',
    PERSON_LIMIT_REACHED: '您今天已取过该事项的号，请使用已有号票，或咨询服务台。',
    SERVICE_CLOSED: '该事项当前不在办理时间，请查看办理时间后再来。',
    HALL_CLOSED: '大厅今日休息，不取号；请在下一个办理日再来。',
    APPOINTMENTS_ONLY: '该事项现在只办理预约：有预约的请签到，没有预约的请在取号时间再来。',
    VALIDATION_FAILED: '输入的信息有误，请检查后重试。',
    APPOINTMENT_NOT_FOUND: '未找到该预约，请核对预约码，或直接取普通号。',
    APPOINTMENT_EXPIRED: '该预约已过期，请重新预约或取普通号。',
    APPOINTMENT_NOT_TODAY: '该预约不是今天的，请在预约当天前来。',
    APPOINTMENT_TOO_EARLY: '还未到签到时间，请稍后再来签到。',
    APPOINTMENT_ALREADY_CHECKED_IN: '该预约已签到，请使用已取的号票。',
    APPOINTMENT_CANCELLED: '该预约已取消，请取普通号。',
    APPOINTMENT_PERSON_MISMATCH: '预约人与身份证不一致，请使用预约时的身份证。',
    COUNTER_PAUSED: '窗口已暂停，请先恢复服务再叫号。',
    NO_CURRENT_TICKET: '当前没有正在办理的号，请先叫号。',
    TICKET_NOT_WAITING: '该号已不在等候中，请刷新列表。',
    ALREADY_RATED: '该次办事已评价过，感谢您的参与。',
    COUNTER_TAKEN: '该窗口已有其他人员登录，请选择您自己的窗口。',
    NOT_SIGNED_IN: '您已不在该窗口登录，请重新选择窗口。',
    NOT_YOUR_COUNTER: '该窗口已由其他人员登录，请在自己的窗口操作。',
    NOT_YOUR_TICKET: '该号不在您的窗口，请刷新后重试。',
    TICKET_NOT_CALLED: '该号当前不能执行此操作，请刷新后重试。',
    SERVICE_NOT_AT_COUNTER: '本窗口不办理该事项，请先转移。',
    TRANSFER_SAME_SERVICE: '该号已在此事项排队，请选择其他事项。',
    TICKET_NOT_DONE: '办结后才能评价，请稍候。',
    FOLLOW_UP_NO_PHONE: '该回访没有保存电话（未留或已处理），请查看评价内容。',
    NETWORK: '网络连接中断，请稍候，系统正在自动重连。',
    UNKNOWN: '系统出现问题，请重试；如仍有问题请联系工作人员。',
    NO_COUNTER_OPEN: '暂无窗口办理该事项，请咨询服务台。',
    SERVICE_INACTIVE: '该事项暂停办理，请咨询服务台。',
    COUNTER_IN_USE: '该窗口有人登录或正在办理，请先签退窗口再停用。',
    COUNTER_RETIRED: '该窗口已停用，请选择其他窗口，或请管理员重新启用。',
    COUNTER_NUMBER_TAKEN: '该窗口号已存在，请换一个号。',
  },
  'zh-TW': {
    TOO_MANY_ATTEMPTS: '嘗試次數過多，請 {seconds} 秒後再試；如忘記密碼，請聯絡大廳管理員重設。',
    DAILY_CAP_REACHED: '該事項今日號碼已取完，請明天再來或線上預約。',
    PERSON_LIMIT_REACHED: '您今天已取過該事項的號碼，請使用已有號票，或洽詢服務台。',
    SERVICE_CLOSED: '該事項目前不在辦理時間，請查看辦理時間後再來。',
    HALL_CLOSED: '大廳今日休息，不取號；請在下一個辦理日再來。',
    APPOINTMENTS_ONLY: '該事項現在只辦理預約：有預約的請報到，沒有預約的請在取號時間再來。',
    VALIDATION_FAILED: '輸入的資料有誤，請檢查後重試。',
    APPOINTMENT_NOT_FOUND: '找不到該預約，請核對預約碼，或直接取一般號碼。',
    APPOINTMENT_EXPIRED: '該預約已過期，請重新預約或取一般號碼。',
    APPOINTMENT_NOT_TODAY: '該預約不是今天的，請於預約當天前來。',
    APPOINTMENT_TOO_EARLY: '尚未到報到時間，請稍後再來報到。',
    APPOINTMENT_ALREADY_CHECKED_IN: '該預約已報到，請使用已取的號票。',
    APPOINTMENT_CANCELLED: '該預約已取消，請取一般號碼。',
    APPOINTMENT_PERSON_MISMATCH: '預約人與身分證不一致，請使用預約時的身分證。',
    COUNTER_PAUSED: '窗口已暫停，請先恢復服務再叫號。',
    NO_CURRENT_TICKET: '目前沒有正在辦理的號碼，請先叫號。',
    TICKET_NOT_WAITING: '該號碼已不在等候中，請重新整理列表。',
    ALREADY_RATED: '該次辦事已評價過，感謝您的參與。',
    COUNTER_TAKEN: '該窗口已有其他人員登入，請選擇您自己的窗口。',
    NOT_SIGNED_IN: '您已不在該窗口登入，請重新選擇窗口。',
    NOT_YOUR_COUNTER: '該窗口已由其他人員登入，請在自己的窗口操作。',
    NOT_YOUR_TICKET: '該號碼不在您的窗口，請重新整理後重試。',
    TICKET_NOT_CALLED: '該號碼目前不能執行此操作，請重新整理後重試。',
    SERVICE_NOT_AT_COUNTER: '本窗口不辦理該事項，請先轉移。',
    TRANSFER_SAME_SERVICE: '該號碼已在此事項排隊，請選擇其他事項。',
    TICKET_NOT_DONE: '辦結後才能評價，請稍候。',
    FOLLOW_UP_NO_PHONE: '該回訪沒有保存電話（未留或已處理），請查看評價內容。',
    NETWORK: '網路連線中斷，請稍候，系統正在自動重新連線。',
    UNKNOWN: '系統發生問題，請重試；如仍有問題請聯絡工作人員。',
    NO_COUNTER_OPEN: '暫無窗口辦理該事項，請洽詢服務台。',
    SERVICE_INACTIVE: '該事項暫停辦理，請洽詢服務台。',
    COUNTER_IN_USE: '該窗口有人登入或正在辦理，請先簽退窗口再停用。',
    COUNTER_RETIRED: '該窗口已停用，請選擇其他窗口，或請管理員重新啟用。',
    COUNTER_NUMBER_TAKEN: '該窗口號已存在，請換一個號。',
  },
  en: {
    TOO_MANY_ATTEMPTS: 'Too many attempts. Try again in {seconds} s; if you forgot your password, ask the hall manager to reset it.',
    DAILY_CAP_REACHED: "Today's tickets for this service are all taken. Please come back tomorrow or book online.",
    PERSON_LIMIT_REACHED: 'You already have tickets for this service today. Please use your ticket or ask the help desk.',
    SERVICE_CLOSED: 'This service is not open now. Please check its opening hours.',
    HALL_CLOSED: 'The hall is closed today and issues no tickets. Please come back on the next working day.',
    APPOINTMENTS_ONLY: 'This service takes appointments only right now: check in with your appointment, or come back during ticket hours.',
    VALIDATION_FAILED: 'Some details are not right. Please check them and try again.',
    APPOINTMENT_NOT_FOUND: 'We cannot find this appointment. Check the code, or take a normal ticket.',
    APPOINTMENT_EXPIRED: 'This appointment has expired. Book again or take a normal ticket.',
    APPOINTMENT_NOT_TODAY: 'This appointment is for another day. Please come on that day.',
    APPOINTMENT_TOO_EARLY: 'Check-in is not open yet. Please come back a little later.',
    APPOINTMENT_ALREADY_CHECKED_IN: 'This appointment is already checked in. Please use the ticket you were given.',
    APPOINTMENT_CANCELLED: 'This appointment was cancelled. Please take a normal ticket.',
    APPOINTMENT_PERSON_MISMATCH: 'This appointment was booked with another ID card. Please use that card.',
    COUNTER_PAUSED: 'The counter is paused. Resume it before calling.',
    NO_CURRENT_TICKET: 'No ticket is being served. Call the next one first.',
    TICKET_NOT_WAITING: 'That ticket is no longer waiting. Refresh the list.',
    ALREADY_RATED: 'This visit has already been rated. Thank you.',
    COUNTER_TAKEN: 'Someone else is signed in to that counter. Choose your own counter.',
    NOT_SIGNED_IN: 'You are no longer signed in to this counter. Choose your counter again.',
    NOT_YOUR_COUNTER: 'Someone else works that counter. Act only on your own counter.',
    NOT_YOUR_TICKET: 'That ticket is not at your counter. Refresh and try again.',
    TICKET_NOT_CALLED: 'That cannot be done to this ticket now. Refresh and try again.',
    SERVICE_NOT_AT_COUNTER: 'This counter does not handle that service. Transfer the ticket first.',
    TRANSFER_SAME_SERVICE: 'The ticket already waits for that service. Pick another one.',
    TICKET_NOT_DONE: 'A visit can be rated once it is completed.',
    FOLLOW_UP_NO_PHONE: 'No call-back number is kept for this follow-up (none was given, or it was resolved).',
    NETWORK: 'The connection is down. Please wait: it reconnects by itself.',
    UNKNOWN: 'Something went wrong. Please try again, or ask a member of staff.',
    NO_COUNTER_OPEN: 'No counter is handling this service right now. Please ask at the help desk.',
    SERVICE_INACTIVE: 'This service is suspended for now. Please ask at the help desk.',
    COUNTER_IN_USE: 'Someone is signed in or serving at this counter: sign the counter out first, then retire it.',
    COUNTER_RETIRED: 'This counter is retired. Choose another counter, or ask a manager to reactivate it.',
    COUNTER_NUMBER_TAKEN: 'That counter number exists already. Choose another number.',
  },
  ja: {
    TOO_MANY_ATTEMPTS: '試行回数が多すぎます。{seconds} 秒後にもう一度お試しください。パスワードを忘れた場合は管理者にリセットを依頼してください。',
    DAILY_CAP_REACHED: 'この手続きの本日の整理券は終了しました。明日お越しいただくか、オンラインで予約してください。',
    PERSON_LIMIT_REACHED: '本日はこの手続きの整理券をすでに受け取っています。お手元の整理券をお使いいただくか、案内窓口にお尋ねください。',
    SERVICE_CLOSED: 'この手続きは現在受付時間外です。受付時間をご確認のうえ、改めてお越しください。',
    HALL_CLOSED: '本日は休業日のため、整理券の発行はありません。次の開庁日にお越しください。',
    APPOINTMENTS_ONLY: 'この手続きは現在予約の方のみです。ご予約の方は受付を、それ以外の方は発券時間内にお越しください。',
    VALIDATION_FAILED: '入力内容に誤りがあります。確認してもう一度お試しください。',
    APPOINTMENT_NOT_FOUND: '予約が見つかりません。予約番号をご確認いただくか、通常の整理券をお取りください。',
    APPOINTMENT_EXPIRED: 'この予約は期限切れです。予約し直すか、通常の整理券をお取りください。',
    APPOINTMENT_NOT_TODAY: 'この予約は本日のものではありません。予約日にお越しください。',
    APPOINTMENT_TOO_EARLY: 'まだ受付時間前です。しばらくしてから受付してください。',
    APPOINTMENT_ALREADY_CHECKED_IN: 'この予約は受付済みです。お受け取りの整理券をお使いください。',
    APPOINTMENT_CANCELLED: 'この予約は取り消されています。通常の整理券をお取りください。',
    APPOINTMENT_PERSON_MISMATCH: '予約者と身分証が一致しません。予約時の身分証をお使いください。',
    COUNTER_PAUSED: '窓口は一時停止中です。再開してから呼び出してください。',
    NO_CURRENT_TICKET: '対応中の番号がありません。先に呼び出してください。',
    TICKET_NOT_WAITING: 'この番号はもう待機中ではありません。一覧を更新してください。',
    ALREADY_RATED: 'この手続きはすでに評価済みです。ご協力ありがとうございました。',
    COUNTER_TAKEN: 'この窓口には別の職員がログインしています。ご自分の窓口を選んでください。',
    NOT_SIGNED_IN: 'この窓口からログアウトされています。窓口を選び直してください。',
    NOT_YOUR_COUNTER: 'この窓口には別の職員がログインしています。ご自分の窓口で操作してください。',
    NOT_YOUR_TICKET: 'この番号はあなたの窓口のものではありません。更新してもう一度お試しください。',
    TICKET_NOT_CALLED: 'この番号には現在この操作はできません。更新してもう一度お試しください。',
    SERVICE_NOT_AT_COUNTER: 'この窓口ではその手続きを扱っていません。先に転送してください。',
    TRANSFER_SAME_SERVICE: 'この番号はすでにその手続きで待っています。別の手続きを選んでください。',
    TICKET_NOT_DONE: '手続きが完了してから評価できます。少々お待ちください。',
    FOLLOW_UP_NO_PHONE: 'このフォローアップには電話番号が保存されていません（未入力または対応済み）。',
    NETWORK: '接続が切れました。自動で再接続しますので、少々お待ちください。',
    UNKNOWN: '問題が発生しました。もう一度お試しいただくか、職員にお尋ねください。',
    NO_COUNTER_OPEN: '現在この手続きを扱う窓口がありません。案内窓口にお尋ねください。',
    SERVICE_INACTIVE: 'この手続きは現在休止中です。案内窓口にお尋ねください。',
    COUNTER_IN_USE: 'この窓口は使用中です。先に窓口をログアウトしてから停止してください。',
    COUNTER_RETIRED: 'この窓口は停止されています。別の窓口を選ぶか、管理者に再開を依頼してください。',
    COUNTER_NUMBER_TAKEN: 'その窓口番号は既にあります。別の番号を選んでください。',
  },
};

/** The message for an error code in the current language, with a fallback that still says what to do. */
export function errorText(lang: Lang, code: string | undefined, vars?: Record<string, string | number>): string {
  const dict = errorMessages[lang];
  return format((code && dict[code]) || dict.UNKNOWN!, vars);
}
