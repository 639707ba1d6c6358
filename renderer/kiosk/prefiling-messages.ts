// 自助申报 on the kiosk in the visitor's language: the card, the form, the 告知承诺 and its signature, the ticket.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'open'
  | 'heading'
  | 'card.place'
  | 'card.hint'
  | 'card.read'
  | 'form.required'
  | 'commitment.title'
  | 'commitment.text'
  | 'commitment.accept'
  | 'signature.label'
  | 'signature.clear'
  | 'signature.missing'
  | 'submit'
  | 'sending'
  | 'done.title'
  | 'done.number'
  | 'done.waiting'
  | 'done.printFailed'
  | 'back'
  | 'finish'
  | 'ticketInstead'
  | 'NO_CARD'
  | 'HALL_UNREACHABLE'
  | 'MATTER_NOT_PREFILEABLE'
  | 'OTHER';

export const prefilingMessages: Messages<Key> = {
  'zh-CN': {
    open: '自助申报',
    heading: '自助申报',
    'card.place': '请将身份证放在读卡区',
    'card.hint': '申报表将用身份证信息预先填好，您可以修改',
    'card.read': '身份证号',
    'form.required': '必填',
    'commitment.title': '告知承诺',
    'commitment.text': '本人承诺所填信息及所提交材料真实、准确、完整，符合告知的条件、标准和要求，愿意承担不实承诺的法律责任。',
    'commitment.accept': '我已阅读并同意上述承诺',
    'signature.label': '请在下方签名',
    'signature.clear': '重新签名',
    'signature.missing': '请先在签名区签名',
    submit: '提交并取号',
    sending: '正在提交…',
    'done.title': '申报已提交',
    'done.number': '您的号码',
    'done.waiting': '您的申报表已送到窗口，叫号后窗口工作人员将直接受理。',
    'done.printFailed': '号票未能打印，请记下号码或咨询服务台',
    back: '返回',
    finish: '完成',
    ticketInstead: '取普通号',
    NO_CARD: '没有读到身份证：请将身份证放在读卡区',
    HALL_UNREACHABLE: '暂时连接不上大厅服务器，不能自助申报：请取普通号到窗口填写',
    MATTER_NOT_PREFILEABLE: '该事项不能自助申报：请取号到窗口办理',
    OTHER: '提交没有成功：请再试一次，或取普通号到窗口办理',
  },
  'zh-TW': {
    open: '自助申報',
    heading: '自助申報',
    'card.place': '請將身分證放在讀卡區',
    'card.hint': '申報表將用身分證資訊預先填好，您可以修改',
    'card.read': '身分證號',
    'form.required': '必填',
    'commitment.title': '告知承諾',
    'commitment.text': '本人承諾所填資訊及所提交材料真實、準確、完整，符合告知的條件、標準和要求，願意承擔不實承諾的法律責任。',
    'commitment.accept': '我已閱讀並同意上述承諾',
    'signature.label': '請在下方簽名',
    'signature.clear': '重新簽名',
    'signature.missing': '請先在簽名區簽名',
    submit: '提交並取號',
    sending: '正在提交…',
    'done.title': '申報已提交',
    'done.number': '您的號碼',
    'done.waiting': '您的申報表已送到窗口，叫號後窗口工作人員將直接受理。',
    'done.printFailed': '號票未能列印，請記下號碼或諮詢服務台',
    back: '返回',
    finish: '完成',
    ticketInstead: '取普通號',
    NO_CARD: '沒有讀到身分證：請將身分證放在讀卡區',
    HALL_UNREACHABLE: '暫時連線不上大廳伺服器，不能自助申報：請取普通號到窗口填寫',
    MATTER_NOT_PREFILEABLE: '該事項不能自助申報：請取號到窗口辦理',
    OTHER: '提交沒有成功：請再試一次，或取普通號到窗口辦理',
  },
  en: {
    open: 'Fill in the form here',
    heading: 'Fill in the form',
    'card.place': 'Place your ID card on the reader',
    'card.hint': 'The form is filled from your ID card; you can change it',
    'card.read': 'ID number',
    'form.required': 'required',
    'commitment.title': 'Commitment (告知承诺)',
    'commitment.text':
      'I promise that the information and documents I give are true, accurate and complete and meet the conditions I was told, and I accept legal responsibility for a false promise.',
    'commitment.accept': 'I have read and accept this commitment',
    'signature.label': 'Sign below',
    'signature.clear': 'Sign again',
    'signature.missing': 'Sign in the box first',
    submit: 'Send and take a ticket',
    sending: 'Sending…',
    'done.title': 'Form sent',
    'done.number': 'Your number',
    'done.waiting': 'Your form is waiting at the window: when your number is called, the clerk accepts it directly.',
    'done.printFailed': 'The ticket could not be printed: note your number or ask at the help desk',
    back: 'Back',
    finish: 'Done',
    ticketInstead: 'Take a normal ticket',
    NO_CARD: 'No ID card read: place your ID card on the reader',
    HALL_UNREACHABLE: 'The hall server cannot be reached, so the form cannot be sent: take a normal ticket and fill it in at the window',
    MATTER_NOT_PREFILEABLE: 'This matter cannot be filed here: take a ticket and file it at the window',
    OTHER: 'Sending failed: try again, or take a normal ticket and file at the window',
  },
  ja: {
    open: 'セルフ申請',
    heading: 'セルフ申請',
    'card.place': '身分証を読み取り部に置いてください',
    'card.hint': '申請書は身分証の情報で記入済みです。修正できます',
    'card.read': '身分証番号',
    'form.required': '必須',
    'commitment.title': '告知承諾',
    'commitment.text': '記入した情報と提出書類が真実・正確・完全であり、告知された条件を満たすことを誓約し、虚偽の誓約について法的責任を負います。',
    'commitment.accept': '上記の誓約を読み、同意します',
    'signature.label': '下に署名してください',
    'signature.clear': '署名し直す',
    'signature.missing': '先に署名欄に署名してください',
    submit: '送信して発券',
    sending: '送信中…',
    'done.title': '申請を送信しました',
    'done.number': 'あなたの番号',
    'done.waiting': '申請書は窓口に届いています。番号が呼ばれたら、窓口でそのまま受理されます。',
    'done.printFailed': '番号札を印刷できませんでした。番号を控えるか案内係にお尋ねください',
    back: '戻る',
    finish: '完了',
    ticketInstead: '通常の番号札を取る',
    NO_CARD: '身分証を読み取れません。読み取り部に置いてください',
    HALL_UNREACHABLE: 'サーバーに接続できないため送信できません。通常の番号札を取り、窓口で記入してください',
    MATTER_NOT_PREFILEABLE: 'この手続きはセルフ申請できません。番号札を取り窓口で手続きしてください',
    OTHER: '送信に失敗しました。もう一度お試しいただくか、通常の番号札を取って窓口で手続きしてください',
  },
};
