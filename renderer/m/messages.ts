// The visitor's phone: words of the mobile ticket page.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'title'
  | 'yourNumber'
  | 'status_waiting'
  | 'status_called'
  | 'status_serving'
  | 'status_done'
  | 'status_no_show'
  | 'status_cancelled'
  | 'ahead'
  | 'aheadNone'
  | 'estimate'
  | 'estimateSoon'
  | 'goTo'
  | 'rateNow'
  | 'rated'
  | 'notFound'
  | 'noTicket'
  | 'updated'
  | 'offline';

export const messages: Messages<Key> = {
  'zh-CN': {
    title: '我的号票',
    yourNumber: '您的号码',
    status_waiting: '等候中',
    status_called: '已叫号',
    status_serving: '办理中',
    status_done: '已办结',
    status_no_show: '已过号',
    status_cancelled: '已取消',
    ahead: '前面还有 {n} 人',
    aheadNone: '下一位就是您，请留意叫号',
    estimate: '预计等候约 {m} 分钟',
    estimateSoon: '预计很快轮到您',
    goTo: '请到 {n} 号窗口办理',
    rateNow: '请对本次服务进行评价',
    rated: '您已评价，感谢您的参与。',
    notFound: '未找到该号票，请核对二维码或咨询服务台。',
    noTicket: '请扫描号票上的二维码打开本页。',
    updated: '更新于 {t}',
    offline: '网络不稳定，正在重试……',
  },
  'zh-TW': {
    title: '我的號票',
    yourNumber: '您的號碼',
    status_waiting: '等候中',
    status_called: '已叫號',
    status_serving: '辦理中',
    status_done: '已辦結',
    status_no_show: '已過號',
    status_cancelled: '已取消',
    ahead: '前面還有 {n} 人',
    aheadNone: '下一位就是您，請留意叫號',
    estimate: '預計等候約 {m} 分鐘',
    estimateSoon: '預計很快輪到您',
    goTo: '請到 {n} 號窗口辦理',
    rateNow: '請對本次服務進行評價',
    rated: '您已評價，感謝您的參與。',
    notFound: '找不到該號票，請核對 QR 碼或洽詢服務台。',
    noTicket: '請掃描號票上的 QR 碼開啟本頁。',
    updated: '更新於 {t}',
    offline: '網路不穩定，正在重試……',
  },
  en: {
    title: 'My ticket',
    yourNumber: 'Your number',
    status_waiting: 'Waiting',
    status_called: 'Called',
    status_serving: 'Being served',
    status_done: 'Done',
    status_no_show: 'Missed',
    status_cancelled: 'Cancelled',
    ahead: '{n} ahead of you',
    aheadNone: 'You are next. Please watch the display',
    estimate: 'About {m} min to wait',
    estimateSoon: 'Your turn is coming soon',
    goTo: 'Please go to counter {n}',
    rateNow: 'Please rate this visit',
    rated: 'You have rated this visit. Thank you.',
    notFound: 'Ticket not found. Check the QR code or ask the help desk.',
    noTicket: 'Scan the QR code on your ticket to open this page.',
    updated: 'Updated {t}',
    offline: 'Connection unsteady, retrying…',
  },
  ja: {
    title: '私の整理券',
    yourNumber: 'あなたの番号',
    status_waiting: '待機中',
    status_called: '呼び出し済み',
    status_serving: '手続き中',
    status_done: '完了',
    status_no_show: '不在のため取り消し',
    status_cancelled: '取り消し済み',
    ahead: 'あなたの前に {n} 人',
    aheadNone: '次があなたの番です。呼び出しにご注意ください',
    estimate: '待ち時間は約 {m} 分の見込みです',
    estimateSoon: 'まもなくあなたの番です',
    goTo: '{n} 番窓口へお越しください',
    rateNow: '今回のサービスを評価してください',
    rated: '評価済みです。ご協力ありがとうございました。',
    notFound: '整理券が見つかりません。QR コードをご確認いただくか、案内窓口にお尋ねください。',
    noTicket: '整理券の QR コードを読み取ってこのページを開いてください。',
    updated: '{t} 更新',
    offline: '接続が不安定です。再試行しています……',
  },
};
