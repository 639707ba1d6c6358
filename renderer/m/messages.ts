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
  | 'offline'
  | 'notifyAsk'
  | 'notifyOn'
  | 'notifyDenied'
  | 'notifyNextTitle'
  | 'notifyCalledTitle'
  | 'notifyBody';

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
    notifyAsk: '轮到我时提醒我',
    notifyOn: '已开启提醒：快轮到您时手机会通知并振动（请保持本页打开）。',
    notifyDenied: '浏览器未允许通知：轮到您时本页仍会显示并振动，请保持本页打开。如需通知，请在浏览器设置中允许。',
    notifyNextTitle: '{number} 快轮到您了',
    notifyCalledTitle: '{number} 请到 {n} 号窗口',
    notifyBody: '{service}',
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
    notifyAsk: '輪到我時提醒我',
    notifyOn: '已開啟提醒：快輪到您時手機會通知並震動（請保持本頁開啟）。',
    notifyDenied: '瀏覽器未允許通知：輪到您時本頁仍會顯示並震動，請保持本頁開啟。如需通知，請在瀏覽器設定中允許。',
    notifyNextTitle: '{number} 快輪到您了',
    notifyCalledTitle: '{number} 請到 {n} 號窗口',
    notifyBody: '{service}',
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
    notifyAsk: 'Alert me when it is my turn',
    notifyOn: 'Alerts on: your phone will notify and vibrate when your turn comes (keep this page open).',
    notifyDenied:
      'The browser did not allow notifications: this page still shows it and vibrates when your turn comes, so keep it open. To get notifications, allow them in the browser settings.',
    notifyNextTitle: '{number}: you are next',
    notifyCalledTitle: '{number}: please go to counter {n}',
    notifyBody: '{service}',
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
    notifyAsk: '順番が来たら知らせる',
    notifyOn: 'お知らせ設定済み：順番が近づくと通知と振動でお知らせします（このページを開いたままにしてください）。',
    notifyDenied:
      'ブラウザが通知を許可していません。順番が来るとこのページに表示し振動します。開いたままにしてください。通知を受けるにはブラウザの設定で許可してください。',
    notifyNextTitle: '{number}：次があなたの番です',
    notifyCalledTitle: '{number}：{n} 番窓口へお越しください',
    notifyBody: '{service}',
  },
};
