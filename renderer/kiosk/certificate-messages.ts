// 证明打印's words in zh-CN, zh-TW, en and ja (the certificate itself is issued in Chinese); error codes say what to do next.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'home.title'
  | 'home.hint'
  | 'heading'
  | 'card.place'
  | 'card.hint'
  | 'loading'
  | 'holder'
  | 'types.heading'
  | 'types.none'
  | 'types.periods'
  | 'period.heading'
  | 'preview.heading'
  | 'preview.label'
  | 'preview.loading'
  | 'preview.chinese'
  | 'preview.valid'
  | 'preview.qr'
  | 'print'
  | 'printing'
  | 'printing.hint'
  | 'printed.heading'
  | 'printed.hint'
  | 'printed.another'
  | 'failed.heading'
  | 'failed.retryHint'
  | 'staffTold'
  | 'retry'
  | 'ticket'
  | 'back'
  | 'done'
  | 'NO_CARD'
  | 'NO_RECORD'
  | 'DAILY_LIMIT_REACHED'
  | 'HALL_UNREACHABLE'
  | 'PRINTER_PAPER_OUT'
  | 'PRINTER_JAM'
  | 'PRINTER_DOOR_OPEN'
  | 'PRINTER_OFFLINE'
  | 'PRINTER_STOPPED'
  | 'PRINTER_ERROR'
  | 'PRINTER_FAILED'
  | 'PRINTER_TIMEOUT'
  | 'PRINTER_ABSENT'
  | 'OTHER';

export const certificateMessages: Messages<Key> = {
  'zh-CN': {
    'home.title': '证明打印',
    'home.hint': '放置身份证，自助打印本人证明',
    heading: '证明打印',
    'card.place': '请将身份证放在读卡区',
    'card.hint': '证明只为持证本人打印。读卡后显示您名下可以打印的证明。',
    loading: '正在查询您名下的证明…',
    holder: '持证人：{name}　{id}',
    'types.heading': '请选择要打印的证明',
    'types.none': '没有查到您名下可以自助打印的证明。请到服务窗口咨询。',
    'types.periods': '可选期间',
    'period.heading': '请选择证明的期间',
    'preview.heading': '请核对证明内容',
    'preview.label': '证明预览',
    'preview.loading': '正在生成预览…',
    'preview.chinese': '证明以中文出具。',
    'preview.valid': '有效期至 {date}',
    'preview.qr': '打印件带防伪二维码，可扫码核验真伪。',
    print: '打印证明',
    printing: '正在打印，请稍候…',
    'printing.hint': '打印完成前请不要离开，证明从下方出纸口送出。',
    'printed.heading': '打印完成，请取走证明',
    'printed.hint': '请在出纸口取走证明，并取回身份证。',
    'printed.another': '打印其他证明',
    'failed.heading': '证明未能打印',
    'failed.retryHint': '10 分钟内重新打印的是同一份证明，不会重复计数。',
    staffTold: '已通知工作人员。',
    retry: '重新打印',
    ticket: '取号到窗口办理',
    back: '返回',
    done: '完成',
    NO_CARD: '没有读到身份证。请将身份证放在读卡区后再试。',
    NO_RECORD: '没有查到您名下的这项记录。请到服务窗口咨询。',
    DAILY_LIMIT_REACHED: '这份证明今天的打印次数已达上限。请明天再打印，或到服务窗口办理。',
    HALL_UNREACHABLE: '证明打印需要连接大厅服务器，现在连接不上。请先取号到窗口办理，或稍后再试。',
    PRINTER_PAPER_OUT: '证明打印机缺纸。请联系工作人员加纸后重新打印，或取号到窗口办理。',
    PRINTER_JAM: '证明打印机卡纸。请联系工作人员处理后重新打印，或取号到窗口办理。',
    PRINTER_DOOR_OPEN: '证明打印机舱门未关好。请联系工作人员处理后重新打印。',
    PRINTER_OFFLINE: '证明打印机未连接。请联系工作人员，或取号到窗口办理。',
    PRINTER_STOPPED: '证明打印机已暂停使用。请联系工作人员，或取号到窗口办理。',
    PRINTER_ERROR: '证明打印机故障。请联系工作人员，或取号到窗口办理。',
    PRINTER_FAILED: '打印没有完成。请联系工作人员，稍后重新打印。',
    PRINTER_TIMEOUT: '打印超时没有完成。请联系工作人员，稍后重新打印。',
    PRINTER_ABSENT: '本机不能打印证明。请取号到窗口办理。',
    OTHER: '暂时不能打印证明。请稍后再试，或取号到窗口办理。',
  },
  'zh-TW': {
    'home.title': '證明列印',
    'home.hint': '放置身分證，自助列印本人證明',
    heading: '證明列印',
    'card.place': '請將身分證放在讀卡區',
    'card.hint': '證明只為持證本人列印。讀卡後顯示您名下可以列印的證明。',
    loading: '正在查詢您名下的證明…',
    holder: '持證人：{name}　{id}',
    'types.heading': '請選擇要列印的證明',
    'types.none': '沒有查到您名下可以自助列印的證明。請到服務窗口諮詢。',
    'types.periods': '可選期間',
    'period.heading': '請選擇證明的期間',
    'preview.heading': '請核對證明內容',
    'preview.label': '證明預覽',
    'preview.loading': '正在產生預覽…',
    'preview.chinese': '證明以中文出具。',
    'preview.valid': '有效期至 {date}',
    'preview.qr': '列印件帶防偽二維碼，可掃碼核驗真偽。',
    print: '列印證明',
    printing: '正在列印，請稍候…',
    'printing.hint': '列印完成前請不要離開，證明從下方出紙口送出。',
    'printed.heading': '列印完成，請取走證明',
    'printed.hint': '請在出紙口取走證明，並取回身分證。',
    'printed.another': '列印其他證明',
    'failed.heading': '證明未能列印',
    'failed.retryHint': '10 分鐘內重新列印的是同一份證明，不會重複計數。',
    staffTold: '已通知工作人員。',
    retry: '重新列印',
    ticket: '取號到窗口辦理',
    back: '返回',
    done: '完成',
    NO_CARD: '沒有讀到身分證。請將身分證放在讀卡區後再試。',
    NO_RECORD: '沒有查到您名下的這項記錄。請到服務窗口諮詢。',
    DAILY_LIMIT_REACHED: '這份證明今天的列印次數已達上限。請明天再列印，或到服務窗口辦理。',
    HALL_UNREACHABLE: '證明列印需要連線大廳伺服器，現在連不上。請先取號到窗口辦理，或稍後再試。',
    PRINTER_PAPER_OUT: '證明印表機缺紙。請聯絡工作人員加紙後重新列印，或取號到窗口辦理。',
    PRINTER_JAM: '證明印表機卡紙。請聯絡工作人員處理後重新列印，或取號到窗口辦理。',
    PRINTER_DOOR_OPEN: '證明印表機艙門未關好。請聯絡工作人員處理後重新列印。',
    PRINTER_OFFLINE: '證明印表機未連線。請聯絡工作人員，或取號到窗口辦理。',
    PRINTER_STOPPED: '證明印表機已暫停使用。請聯絡工作人員，或取號到窗口辦理。',
    PRINTER_ERROR: '證明印表機故障。請聯絡工作人員，或取號到窗口辦理。',
    PRINTER_FAILED: '列印沒有完成。請聯絡工作人員，稍後重新列印。',
    PRINTER_TIMEOUT: '列印逾時沒有完成。請聯絡工作人員，稍後重新列印。',
    PRINTER_ABSENT: '本機不能列印證明。請取號到窗口辦理。',
    OTHER: '暫時不能列印證明。請稍後再試，或取號到窗口辦理。',
  },
  en: {
    'home.title': 'Certificates',
    'home.hint': 'Place your ID card to print your own certificates',
    heading: 'Print a certificate',
    'card.place': 'Place your ID card on the reader',
    'card.hint': 'Certificates are printed for the card holder only. After reading the card we show the certificates you can print.',
    loading: 'Looking up your certificates…',
    holder: 'Card holder: {name}  {id}',
    'types.heading': 'Choose a certificate',
    'types.none': 'No certificate can be printed here for you. Please ask at a service counter.',
    'types.periods': 'Periods',
    'period.heading': 'Choose the period',
    'preview.heading': 'Check the certificate',
    'preview.label': 'Certificate preview',
    'preview.loading': 'Preparing the preview…',
    'preview.chinese': 'The certificate is issued in Chinese.',
    'preview.valid': 'Valid until {date}',
    'preview.qr': 'The printed copy carries a QR code anyone can scan to check it.',
    print: 'Print',
    printing: 'Printing, please wait…',
    'printing.hint': 'Please stay until it is printed; it comes out of the slot below.',
    'printed.heading': 'Printed: please take your certificate',
    'printed.hint': 'Take the certificate from the slot, and your ID card from the reader.',
    'printed.another': 'Print another',
    'failed.heading': 'The certificate was not printed',
    'failed.retryHint': 'Printing again within 10 minutes gives the same certificate and is not counted twice.',
    staffTold: 'Staff have been notified.',
    retry: 'Print again',
    ticket: 'Take a ticket for a counter',
    back: 'Back',
    done: 'Done',
    NO_CARD: 'No ID card was read. Place your ID card on the reader and try again.',
    NO_RECORD: 'No record of this kind was found for you. Please ask at a service counter.',
    DAILY_LIMIT_REACHED: 'This certificate has been printed as often as allowed today. Print it tomorrow, or ask at a service counter.',
    HALL_UNREACHABLE: 'Certificates need the hall server, which cannot be reached now. Take a ticket for a counter, or try again later.',
    PRINTER_PAPER_OUT: 'The certificate printer is out of paper. Ask staff to refill it and print again, or take a ticket for a counter.',
    PRINTER_JAM: 'Paper is jammed in the certificate printer. Ask staff to clear it and print again, or take a ticket for a counter.',
    PRINTER_DOOR_OPEN: 'A door of the certificate printer is open. Ask staff to close it, then print again.',
    PRINTER_OFFLINE: 'The certificate printer is not connected. Ask staff, or take a ticket for a counter.',
    PRINTER_STOPPED: 'The certificate printer has been paused. Ask staff, or take a ticket for a counter.',
    PRINTER_ERROR: 'The certificate printer has a fault. Ask staff, or take a ticket for a counter.',
    PRINTER_FAILED: 'Printing did not finish. Ask staff, then print again.',
    PRINTER_TIMEOUT: 'Printing took too long and was stopped. Ask staff, then print again.',
    PRINTER_ABSENT: 'This kiosk cannot print certificates. Take a ticket for a counter.',
    OTHER: 'Certificates cannot be printed right now. Try again later, or take a ticket for a counter.',
  },
  ja: {
    'home.title': '証明書の印刷',
    'home.hint': '身分証を置いて、ご本人の証明書を印刷',
    heading: '証明書の印刷',
    'card.place': '身分証を読み取り部に置いてください',
    'card.hint': '証明書はカードの本人にのみ印刷します。読み取り後、印刷できる証明書を表示します。',
    loading: '証明書を検索しています…',
    holder: '本人：{name}　{id}',
    'types.heading': '印刷する証明書を選んでください',
    'types.none': 'ここで印刷できる証明書が見つかりません。窓口でお尋ねください。',
    'types.periods': '期間',
    'period.heading': '証明の期間を選んでください',
    'preview.heading': '証明書の内容をご確認ください',
    'preview.label': '証明書のプレビュー',
    'preview.loading': 'プレビューを作成しています…',
    'preview.chinese': '証明書は中国語で発行されます。',
    'preview.valid': '有効期限 {date}',
    'preview.qr': '印刷物には真偽を確認できる QR コードが付きます。',
    print: '印刷する',
    printing: '印刷しています。お待ちください…',
    'printing.hint': '印刷が終わるまでお待ちください。下の排紙口から出てきます。',
    'printed.heading': '印刷しました。証明書をお取りください',
    'printed.hint': '排紙口から証明書を取り、身分証もお忘れなく。',
    'printed.another': 'ほかの証明書を印刷',
    'failed.heading': '証明書を印刷できませんでした',
    'failed.retryHint': '10 分以内の再印刷は同じ証明書となり、二重に数えられません。',
    staffTold: '係員に通知しました。',
    retry: 'もう一度印刷',
    ticket: '番号札を取って窓口へ',
    back: '戻る',
    done: '完了',
    NO_CARD: '身分証を読み取れませんでした。読み取り部に置いてもう一度お試しください。',
    NO_RECORD: 'この種類の記録が見つかりません。窓口でお尋ねください。',
    DAILY_LIMIT_REACHED: 'この証明書は本日の印刷回数の上限に達しました。明日印刷するか、窓口でお手続きください。',
    HALL_UNREACHABLE: '証明書の印刷にはホールのサーバーが必要ですが、今は接続できません。番号札を取って窓口へお越しください。',
    PRINTER_PAPER_OUT: '証明書プリンターの用紙切れです。係員に補充を依頼して再印刷するか、番号札を取って窓口へ。',
    PRINTER_JAM: '証明書プリンターで紙詰まりです。係員に処理を依頼して再印刷するか、番号札を取って窓口へ。',
    PRINTER_DOOR_OPEN: '証明書プリンターのカバーが開いています。係員に依頼してから再印刷してください。',
    PRINTER_OFFLINE: '証明書プリンターが接続されていません。係員にお尋ねいただくか、番号札を取って窓口へ。',
    PRINTER_STOPPED: '証明書プリンターは一時停止中です。係員にお尋ねいただくか、番号札を取って窓口へ。',
    PRINTER_ERROR: '証明書プリンターの故障です。係員にお尋ねいただくか、番号札を取って窓口へ。',
    PRINTER_FAILED: '印刷が完了しませんでした。係員にお尋ねのうえ、再印刷してください。',
    PRINTER_TIMEOUT: '印刷が時間内に終わりませんでした。係員にお尋ねのうえ、再印刷してください。',
    PRINTER_ABSENT: 'この端末では証明書を印刷できません。番号札を取って窓口へ。',
    OTHER: '現在、証明書を印刷できません。後でもう一度お試しいただくか、番号札を取って窓口へ。',
  },
};

export type CertificateMessageKey = Key;
