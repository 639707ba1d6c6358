// 办件进度 in the visitor's language: the kiosk's 进度查询 and the phone page of a 受理回执 (statuses, what comes next, errors).
import type { Messages } from './i18n.ts';

type Key =
  | 'home.title'
  | 'home.hint'
  | 'heading'
  | 'card.place'
  | 'card.hint'
  | 'number.label'
  | 'number.hint'
  | 'number.search'
  | 'number.delete'
  | 'number.clear'
  | 'or'
  | 'loading'
  | 'none'
  | 'receipt'
  | 'applicant'
  | 'acceptedAt'
  | 'dueDate'
  | 'overdue'
  | 'overdueEnded'
  | 'timeline'
  | 'next'
  | 'status_accepted'
  | 'status_reviewing'
  | 'status_decided'
  | 'status_completed'
  | 'status_ready_for_pickup'
  | 'status_mailed'
  | 'status_rejected'
  | 'status_needs_more'
  | 'next_accepted'
  | 'next_reviewing'
  | 'next_decided'
  | 'next_completed'
  | 'next_ready_for_pickup'
  | 'next_mailed'
  | 'next_rejected'
  | 'next_needs_more'
  | 'back'
  | 'again'
  | 'done'
  | 'RECEIPT_NUMBER_INVALID'
  | 'CASE_NOT_FOUND'
  | 'NO_CARD'
  | 'HALL_UNREACHABLE'
  | 'OTHER'
  | 'phone.title'
  | 'phone.missing';

export const caseMessages: Messages<Key> = {
  'zh-CN': {
    'home.title': '办件进度查询',
    'home.hint': '刷身份证或输入受理编号',
    heading: '办件进度查询',
    'card.place': '刷身份证查询本人办件',
    'card.hint': '将身份证放在读卡区，显示您名下的全部办件。',
    'number.label': '受理编号',
    'number.hint': '输入回执上的受理编号，或用扫码枪扫描回执二维码',
    'number.search': '查询',
    'number.delete': '删除',
    'number.clear': '清空',
    or: '或',
    loading: '正在查询…',
    none: '没有查到您名下的办件。',
    receipt: '受理编号 {n}',
    applicant: '申请人 {name}',
    acceptedAt: '受理时间 {t}',
    dueDate: '承诺办结 {d}',
    overdue: '已超过承诺办结时间，如有疑问请到服务台咨询',
    overdueEnded: '办结晚于承诺时间',
    timeline: '办理过程',
    next: '下一步',
    status_accepted: '已受理',
    status_reviewing: '审查中',
    status_decided: '已决定',
    status_completed: '已办结',
    status_ready_for_pickup: '待领取',
    status_mailed: '已寄出',
    status_rejected: '不予受理',
    status_needs_more: '需补正材料',
    next_accepted: '工作人员将审查您的材料。',
    next_reviewing: '审查完成后作出决定。',
    next_decided: '正在制作办理结果。',
    next_completed: '结果将通知您领取或寄送。',
    next_ready_for_pickup: '请带受理回执和身份证到窗口领取结果。',
    next_mailed: '结果已寄出，请留意快递。',
    next_rejected: '如有疑问，请到服务台咨询。',
    next_needs_more: '请按提示补齐材料后交到窗口，审查将继续。',
    back: '返回',
    again: '再查一件',
    done: '完成',
    RECEIPT_NUMBER_INVALID: '受理编号有误：最后一位校验数字对不上。请对照回执重新输入。',
    CASE_NOT_FOUND: '没有查到这个受理编号的办件。请核对回执，或到服务台咨询。',
    NO_CARD: '没有读到身份证。请将身份证放在读卡区，或输入受理编号。',
    HALL_UNREACHABLE: '暂时连不上大厅系统，请稍后再试或到服务台咨询。',
    OTHER: '查询没有成功，请再试一次或到服务台咨询。',
    'phone.title': '办件进度',
    'phone.missing': '没有查到这张回执的办件。请重新扫描回执上的二维码，或到服务台咨询。',
  },
  'zh-TW': {
    'home.title': '辦件進度查詢',
    'home.hint': '刷身分證或輸入受理編號',
    heading: '辦件進度查詢',
    'card.place': '刷身分證查詢本人辦件',
    'card.hint': '將身分證放在讀卡區，顯示您名下的全部辦件。',
    'number.label': '受理編號',
    'number.hint': '輸入回執上的受理編號，或用掃碼槍掃描回執二維碼',
    'number.search': '查詢',
    'number.delete': '刪除',
    'number.clear': '清空',
    or: '或',
    loading: '正在查詢…',
    none: '沒有查到您名下的辦件。',
    receipt: '受理編號 {n}',
    applicant: '申請人 {name}',
    acceptedAt: '受理時間 {t}',
    dueDate: '承諾辦結 {d}',
    overdue: '已超過承諾辦結時間，如有疑問請到服務台諮詢',
    overdueEnded: '辦結晚於承諾時間',
    timeline: '辦理過程',
    next: '下一步',
    status_accepted: '已受理',
    status_reviewing: '審查中',
    status_decided: '已決定',
    status_completed: '已辦結',
    status_ready_for_pickup: '待領取',
    status_mailed: '已寄出',
    status_rejected: '不予受理',
    status_needs_more: '需補正材料',
    next_accepted: '工作人員將審查您的材料。',
    next_reviewing: '審查完成後作出決定。',
    next_decided: '正在製作辦理結果。',
    next_completed: '結果將通知您領取或寄送。',
    next_ready_for_pickup: '請帶受理回執和身分證到窗口領取結果。',
    next_mailed: '結果已寄出，請留意快遞。',
    next_rejected: '如有疑問，請到服務台諮詢。',
    next_needs_more: '請按提示補齊材料後交到窗口，審查將繼續。',
    back: '返回',
    again: '再查一件',
    done: '完成',
    RECEIPT_NUMBER_INVALID: '受理編號有誤：最後一位校驗數字對不上。請對照回執重新輸入。',
    CASE_NOT_FOUND: '沒有查到這個受理編號的辦件。請核對回執，或到服務台諮詢。',
    NO_CARD: '沒有讀到身分證。請將身分證放在讀卡區，或輸入受理編號。',
    HALL_UNREACHABLE: '暫時連不上大廳系統，請稍後再試或到服務台諮詢。',
    OTHER: '查詢沒有成功，請再試一次或到服務台諮詢。',
    'phone.title': '辦件進度',
    'phone.missing': '沒有查到這張回執的辦件。請重新掃描回執上的二維碼，或到服務台諮詢。',
  },
  en: {
    'home.title': 'Application status',
    'home.hint': 'Tap your ID card or enter the receipt number',
    heading: 'Application status',
    'card.place': 'Place your ID card to see your applications',
    'card.hint': 'Put your ID card on the reader to list every application in your name.',
    'number.label': 'Receipt number',
    'number.hint': 'Type the receipt number from your slip, or scan its QR code with the scanner',
    'number.search': 'Search',
    'number.delete': 'Delete',
    'number.clear': 'Clear',
    or: 'or',
    loading: 'Searching…',
    none: 'No applications were found in your name.',
    receipt: 'Receipt {n}',
    applicant: 'Applicant {name}',
    acceptedAt: 'Accepted {t}',
    dueDate: 'Promised by {d}',
    overdue: 'Past the promised date. Please ask at the help desk if you have questions.',
    overdueEnded: 'Finished after the promised date',
    timeline: 'Progress',
    next: 'What happens next',
    status_accepted: 'Accepted',
    status_reviewing: 'Under review',
    status_decided: 'Decided',
    status_completed: 'Completed',
    status_ready_for_pickup: 'Ready for pickup',
    status_mailed: 'Mailed',
    status_rejected: 'Not accepted',
    status_needs_more: 'More documents needed',
    next_accepted: 'Staff will review your documents.',
    next_reviewing: 'A decision follows the review.',
    next_decided: 'The result is being prepared.',
    next_completed: 'You will be told how to collect the result.',
    next_ready_for_pickup: 'Bring your receipt and ID card to the counter to collect the result.',
    next_mailed: 'The result has been posted to you.',
    next_rejected: 'Please ask at the help desk if you have questions.',
    next_needs_more: 'Bring the missing documents to the counter; the review then continues.',
    back: 'Back',
    again: 'Look up another',
    done: 'Done',
    RECEIPT_NUMBER_INVALID: 'This receipt number does not add up (its last digit is a check digit). Please type it again from your slip.',
    CASE_NOT_FOUND: 'No application has this receipt number. Check it against your slip, or ask at the help desk.',
    NO_CARD: 'No ID card was read. Place it on the reader, or enter the receipt number.',
    HALL_UNREACHABLE: 'The hall system cannot be reached right now. Please try again later or ask at the help desk.',
    OTHER: 'The search did not work. Please try again or ask at the help desk.',
    'phone.title': 'Application status',
    'phone.missing': 'No application was found for this slip. Scan the QR code on your receipt again, or ask at the help desk.',
  },
  ja: {
    'home.title': '申請の進捗照会',
    'home.hint': '身分証をかざすか受付番号を入力',
    heading: '申請の進捗照会',
    'card.place': '身分証をかざしてご本人の申請を表示',
    'card.hint': '身分証をリーダーに置くと、ご本人名義の申請をすべて表示します。',
    'number.label': '受付番号',
    'number.hint': '控えの受付番号を入力するか、スキャナーで控えのQRコードを読み取ってください',
    'number.search': '照会',
    'number.delete': '削除',
    'number.clear': 'クリア',
    or: 'または',
    loading: '照会中…',
    none: 'ご本人名義の申請は見つかりませんでした。',
    receipt: '受付番号 {n}',
    applicant: '申請者 {name}',
    acceptedAt: '受付日時 {t}',
    dueDate: '完了予定 {d}',
    overdue: '完了予定日を過ぎています。ご不明な点はサービスカウンターへお問い合わせください。',
    overdueEnded: '完了予定日より遅れて完了しました',
    timeline: '処理の経過',
    next: '次の手順',
    status_accepted: '受付済み',
    status_reviewing: '審査中',
    status_decided: '決定済み',
    status_completed: '処理完了',
    status_ready_for_pickup: '受け取り待ち',
    status_mailed: '発送済み',
    status_rejected: '不受理',
    status_needs_more: '書類の補正が必要',
    next_accepted: '職員が書類を審査します。',
    next_reviewing: '審査の後に決定します。',
    next_decided: '結果を作成しています。',
    next_completed: '受け取りまたは発送についてご連絡します。',
    next_ready_for_pickup: '控えと身分証を持って窓口で結果をお受け取りください。',
    next_mailed: '結果を発送しました。配達をお待ちください。',
    next_rejected: 'ご不明な点はサービスカウンターへお問い合わせください。',
    next_needs_more: '不足書類を窓口にお持ちください。その後審査を続けます。',
    back: '戻る',
    again: '別の申請を照会',
    done: '完了',
    RECEIPT_NUMBER_INVALID: '受付番号が正しくありません（最後の桁はチェック数字です）。控えを見てもう一度入力してください。',
    CASE_NOT_FOUND: 'この受付番号の申請は見つかりません。控えをご確認いただくか、サービスカウンターへお問い合わせください。',
    NO_CARD: '身分証を読み取れませんでした。リーダーに置くか、受付番号を入力してください。',
    HALL_UNREACHABLE: 'ただいまホールのシステムに接続できません。後でもう一度お試しいただくか、サービスカウンターへお問い合わせください。',
    OTHER: '照会できませんでした。もう一度お試しいただくか、サービスカウンターへお問い合わせください。',
    'phone.title': '申請の進捗',
    'phone.missing': 'この控えの申請は見つかりません。控えのQRコードをもう一度読み取るか、サービスカウンターへお問い合わせください。',
  },
};
export type CaseMessageKey = Key;
