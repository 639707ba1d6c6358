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
  | 'noToken'
  | 'offline'
  | 'back'
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
    noToken: '未设置评价器令牌：请在地址后加 ?counter=窗口编号&token=设备令牌',
    offline: '网络连接中断，正在自动重连……',
    back: '返回',
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
    noToken: '未設定評價器權杖：請在網址後加 ?counter=窗口編號&token=裝置權杖',
    offline: '網路連線中斷，正在自動重新連線……',
    back: '返回',
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
    noToken: 'No device token: add ?counter=<counter id>&token=<device token> to the address',
    offline: 'Connection lost, reconnecting…',
    back: 'Back',
    tag_attitude: 'Unfriendly staff',
    tag_efficiency: 'Slow service',
    tag_waiting: 'Long wait',
    tag_unclear: 'Unclear requirements',
    tag_competence: 'Staff unsure of the rules',
    tag_environment: 'Poor facilities',
    tag_other: 'Other',
  },
};
