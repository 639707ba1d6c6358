// 好差评 words (GB/T 39734 levels and reasons), shared by the counter-facing rating page and the mobile ticket page.
import type { Messages } from '../shared/i18n.ts';

export const REASON_TAGS = ['attitude', 'efficiency', 'waiting', 'unclear', 'competence', 'environment', 'other'] as const;

export type RateKey =
  | 'title'
  | 'level5'
  | 'level4'
  | 'level3'
  | 'level2'
  | 'level1'
  | 'prompt'
  | 'promptFor'
  | 'reasonTitle'
  | 'reasonHint'
  | 'commentPlaceholder'
  | 'submit'
  | 'sending'
  | 'thanks'
  | 'thanksLow'
  | 'idle'
  | 'idleHint'
  | 'counterNo'
  | 'noCounter'
  | 'offline'
  | 'back'
  | 'next'
  | 'phoneTitle'
  | 'phoneHint'
  | 'phoneLabel'
  | 'phoneOptional'
  | 'phoneInvalid'
  | 'phoneWillKeep'
  | 'submitNoPhone'
  | 'thanksCall'
  | 'keypad'
  | 'keyDelete'
  | `tag_${(typeof REASON_TAGS)[number]}`;

export const messages: Messages<RateKey> = {
  'zh-CN': {
    title: '服务评价',
    level5: '非常满意',
    level4: '满意',
    level3: '基本满意',
    level2: '不满意',
    level1: '非常不满意',
    prompt: '请对本次服务进行评价',
    promptFor: '{n} 号，请对本次服务进行评价',
    reasonTitle: '请告诉我们不满意的原因',
    reasonHint: '至少选择一项，我们会在 15 个工作日内回访处理。',
    commentPlaceholder: '其他意见（可不填）',
    submit: '提交评价',
    sending: '正在提交…',
    thanks: '感谢您的评价！',
    thanksLow: '感谢您的评价，我们会尽快核实并回访。',
    idle: '{n} 号窗口',
    idleHint: '办理结束后，请在此对本次服务进行评价',
    counterNo: '{n} 号窗口',
    noCounter: '未指定窗口：请在地址后加 ?counter=窗口编号（管理端「设备」页生成评价器配对码时可选窗口）',
    offline: '网络连接中断，正在自动重连……',
    back: '返回',
    next: '下一步',
    phoneTitle: '需要我们回访您吗？',
    phoneHint: '可留下手机号或固定电话，仅用于本次回访，处理完毕即删除；不留也可以直接提交。',
    phoneLabel: '联系电话（可不填）',
    phoneOptional: '手机号 11 位；固定电话请带区号，如 010-62345678',
    phoneInvalid: '号码格式不对：请输入 11 位手机号，或带区号的固定电话（如 010-62345678），也可清空后直接提交。',
    phoneWillKeep: '将记录为 {phone}，仅用于回访',
    submitNoPhone: '不留电话，提交',
    thanksCall: '感谢您的评价，我们会尽快核实，并致电 {phone} 回访。',
    keypad: '数字键盘',
    keyDelete: '删除一位',
    tag_attitude: '服务态度差',
    tag_efficiency: '办事效率低',
    tag_waiting: '等候时间长',
    tag_unclear: '一次性告知不清',
    tag_competence: '业务不熟练',
    tag_environment: '环境设施差',
    tag_other: '其他',
  },
  'zh-TW': {
    title: '服務評價',
    level5: '非常滿意',
    level4: '滿意',
    level3: '基本滿意',
    level2: '不滿意',
    level1: '非常不滿意',
    prompt: '請對本次服務進行評價',
    promptFor: '{n} 號，請對本次服務進行評價',
    reasonTitle: '請告訴我們不滿意的原因',
    reasonHint: '至少選擇一項，我們會在 15 個工作日內回訪處理。',
    commentPlaceholder: '其他意見（可不填）',
    submit: '提交評價',
    sending: '正在提交…',
    thanks: '感謝您的評價！',
    thanksLow: '感謝您的評價，我們會盡快核實並回訪。',
    idle: '{n} 號窗口',
    idleHint: '辦理結束後，請在此對本次服務進行評價',
    counterNo: '{n} 號窗口',
    noCounter: '未指定窗口：請在網址後加 ?counter=窗口編號（管理端「裝置」頁產生評價器配對碼時可選窗口）',
    offline: '網路連線中斷，正在自動重新連線……',
    back: '返回',
    next: '下一步',
    phoneTitle: '需要我們回訪您嗎？',
    phoneHint: '可留下手機號碼或市內電話，僅用於本次回訪，處理完畢即刪除；不留也可以直接提交。',
    phoneLabel: '聯絡電話（可不填）',
    phoneOptional: '手機號碼 11 位；市內電話請加區碼，如 010-62345678',
    phoneInvalid: '號碼格式不對：請輸入 11 位手機號碼，或加區碼的市內電話（如 010-62345678），也可清空後直接提交。',
    phoneWillKeep: '將記錄為 {phone}，僅用於回訪',
    submitNoPhone: '不留電話，提交',
    thanksCall: '感謝您的評價，我們會盡快核實，並致電 {phone} 回訪。',
    keypad: '數字鍵盤',
    keyDelete: '刪除一位',
    tag_attitude: '服務態度差',
    tag_efficiency: '辦事效率低',
    tag_waiting: '等候時間長',
    tag_unclear: '一次性告知不清',
    tag_competence: '業務不熟練',
    tag_environment: '環境設施差',
    tag_other: '其他',
  },
  en: {
    title: 'Rate our service',
    level5: 'Very satisfied',
    level4: 'Satisfied',
    level3: 'Fairly satisfied',
    level2: 'Dissatisfied',
    level1: 'Very dissatisfied',
    prompt: 'Please rate this visit',
    promptFor: 'Ticket {n}: please rate this visit',
    reasonTitle: 'Please tell us what went wrong',
    reasonHint: 'Pick at least one. We will follow up within 15 working days.',
    commentPlaceholder: 'Anything else (optional)',
    submit: 'Send rating',
    sending: 'Sending…',
    thanks: 'Thank you for your rating!',
    thanksLow: 'Thank you. We will look into it and get back to you.',
    idle: 'Counter {n}',
    idleHint: 'When your visit is done, please rate it here',
    counterNo: 'Counter {n}',
    noCounter: "No counter chosen: add ?counter=<counter id> to the address (the manager app can choose it when it makes the pad's pairing code)",
    offline: 'Connection lost, reconnecting…',
    back: 'Back',
    next: 'Next',
    phoneTitle: 'Shall we call you back?',
    phoneHint: 'Leave a mobile or landline number if you like. It is used only for this follow-up and deleted once it is done.',
    phoneLabel: 'Phone number (optional)',
    phoneOptional: 'Mobile: 11 digits; landline with its area code, e.g. 010-62345678',
    phoneInvalid:
      'That number does not look right: enter an 11-digit mobile number or a landline with its area code (e.g. 010-62345678), or clear it and send.',
    phoneWillKeep: 'Kept as {phone}, only for the call back',
    submitNoPhone: 'Send without a number',
    thanksCall: 'Thank you. We will look into it and call you back on {phone}.',
    keypad: 'Number pad',
    keyDelete: 'Delete one digit',
    tag_attitude: 'Unfriendly staff',
    tag_efficiency: 'Slow service',
    tag_waiting: 'Long wait',
    tag_unclear: 'Unclear requirements',
    tag_competence: 'Staff unsure of the rules',
    tag_environment: 'Poor facilities',
    tag_other: 'Other',
  },
  ja: {
    title: 'サービス評価',
    level5: '大変満足',
    level4: '満足',
    level3: 'まあ満足',
    level2: '不満',
    level1: '大変不満',
    prompt: '今回のサービスを評価してください',
    promptFor: '{n} 番の方、今回のサービスを評価してください',
    reasonTitle: 'ご不満の理由をお聞かせください',
    reasonHint: '1 つ以上お選びください。15 営業日以内にご連絡し対応します。',
    commentPlaceholder: 'その他のご意見（任意）',
    submit: '評価を送信',
    sending: '送信中…',
    thanks: 'ご評価ありがとうございました！',
    thanksLow: 'ご評価ありがとうございました。確認のうえ、改めてご連絡いたします。',
    idle: '{n} 番窓口',
    idleHint: '手続きが終わりましたら、こちらでサービスを評価してください',
    counterNo: '{n} 番窓口',
    noCounter: '窓口が指定されていません：アドレスの末尾に ?counter=窓口ID を付けてください（管理画面「端末」でペアリングコード発行時に窓口を選べます）',
    offline: '接続が切れました。自動で再接続しています……',
    back: '戻る',
    next: '次へ',
    phoneTitle: '折り返しのお電話をご希望ですか？',
    phoneHint: '携帯電話または固定電話の番号を残せます。今回のご連絡にのみ使い、対応後に削除します。入力せずに送信することもできます。',
    phoneLabel: '電話番号（任意）',
    phoneOptional: '携帯は 11 桁、固定電話は市外局番から（例：010-62345678）',
    phoneInvalid:
      '番号の形式が正しくありません。11 桁の携帯番号か、市外局番付きの固定電話番号（例：010-62345678）を入力するか、消去してそのまま送信してください。',
    phoneWillKeep: '{phone} として記録し、折り返しにのみ使います',
    submitNoPhone: '番号なしで送信',
    thanksCall: 'ご評価ありがとうございました。確認のうえ、{phone} にお電話いたします。',
    keypad: '数字キー',
    keyDelete: '1 文字削除',
    tag_attitude: '職員の態度が悪い',
    tag_efficiency: '手続きが遅い',
    tag_waiting: '待ち時間が長い',
    tag_unclear: '必要事項の説明が不十分',
    tag_competence: '職員が業務に不慣れ',
    tag_environment: '設備・環境が悪い',
    tag_other: 'その他',
  },
};
