// The counter console's words (zh-CN default, zh-TW, en).
import type { Messages } from '../shared/i18n.ts';

export type CounterKey =
  | 'title'
  | 'username'
  | 'password'
  | 'signIn'
  | 'signingIn'
  | 'badLogin'
  | 'pickCounter'
  | 'counterNo'
  | 'takenBy'
  | 'signOut'
  | 'current'
  | 'noCurrent'
  | 'waitedFor'
  | 'issuedAt'
  | 'appointment'
  | 'lateArrival'
  | 'priority'
  | 'recalls'
  | 'callNext'
  | 'recall'
  | 'noShow'
  | 'complete'
  | 'transfer'
  | 'pause'
  | 'resume'
  | 'callNumber'
  | 'waitingList'
  | 'waitingCount'
  | 'nobodyWaiting'
  | 'colNumber'
  | 'colService'
  | 'colWaited'
  | 'call'
  | 'pausedBanner'
  | 'offline'
  | 'connecting'
  | 'live'
  | 'pauseTitle'
  | 'reason_break'
  | 'reason_meeting'
  | 'reason_system_fault'
  | 'reason_other'
  | 'transferTitle'
  | 'callNumberTitle'
  | 'callNumberHint'
  | 'notInList'
  | 'cancel'
  | 'minutes'
  | 'called'
  | 'nothingWaiting'
  | 'shortcuts'
  | 'pr_elderly'
  | 'pr_disabled'
  | 'pr_military'
  | 'pr_pregnant'
  | 'pr_other'
  | 'undo'
  | 'noShowHeld'
  | 'completeHeld'
  | 'undone'
  | 'noShowSent'
  | 'completeSent'
  | 'pauseFirst'
  | 'transferFirst'
  | 'callNumberFirst'
  | 'escToCancel'
  | 'restoring';

export const messages: Messages<CounterKey> = {
  'zh-CN': {
    title: '窗口叫号',
    username: '用户名',
    password: '密码',
    signIn: '登录',
    signingIn: '正在登录…',
    badLogin: '用户名或密码不正确，请重新输入。',
    pickCounter: '请选择您的窗口',
    counterNo: '{n} 号窗口',
    takenBy: '已有人员登录',
    signOut: '退出窗口',
    current: '当前办理',
    noCurrent: '暂无办理中的号，按 N 叫下一位',
    waitedFor: '已等候 {t}',
    issuedAt: '取号 {t}',
    appointment: '预约',
    lateArrival: '预约迟到',
    priority: '优先',
    recalls: '已重呼 {n} 次',
    callNext: '叫下一位',
    recall: '重呼',
    noShow: '过号',
    complete: '办结',
    transfer: '转移',
    pause: '暂停',
    resume: '恢复服务',
    callNumber: '指定叫号',
    waitingList: '等候队列',
    waitingCount: '{n} 人等候',
    nobodyWaiting: '当前无人等候',
    colNumber: '号码',
    colService: '事项',
    colWaited: '已等候',
    call: '呼叫',
    pausedBanner: '窗口已暂停（{reason}），按 P 恢复服务',
    offline: '与服务器的连接已中断，正在自动重连；恢复后数据会自动同步。',
    connecting: '连接中',
    live: '在线',
    pauseTitle: '暂停原因',
    reason_break: '休息',
    reason_meeting: '会议',
    reason_system_fault: '系统故障',
    reason_other: '其他',
    transferTitle: '转移到其他事项',
    callNumberTitle: '指定叫号',
    callNumberHint: '输入号码（如 A012 或 12），回车呼叫',
    notInList: '等候队列中没有号码 {n}。',
    cancel: '取消',
    minutes: '{m} 分 {s} 秒',
    called: '已呼叫 {n}',
    nothingWaiting: '当前无人等候。',
    shortcuts: '快捷键',
    pr_elderly: '老年人',
    pr_disabled: '残疾人',
    pr_military: '军人',
    pr_pregnant: '孕妇',
    pr_other: '优先',
    undo: '撤销',
    noShowHeld: '{n} 已过号',
    completeHeld: '{n} 已办结',
    undone: '已撤销，{n} 仍在办理',
    noShowSent: '{n} 已过号',
    completeSent: '{n} 已办结',
    pauseFirst: '请先选择暂停原因（按 1–4），或按 Esc 取消',
    transferFirst: '请先选择要转移到的事项（按数字键），或按 Esc 取消',
    callNumberFirst: '请输入号码后按回车，或按 Esc 取消',
    escToCancel: '取消',
    restoring: '正在恢复登录…',
  },
  'zh-TW': {
    title: '窗口叫號',
    username: '使用者名稱',
    password: '密碼',
    signIn: '登入',
    signingIn: '正在登入…',
    badLogin: '使用者名稱或密碼不正確，請重新輸入。',
    pickCounter: '請選擇您的窗口',
    counterNo: '{n} 號窗口',
    takenBy: '已有人員登入',
    signOut: '登出窗口',
    current: '目前辦理',
    noCurrent: '暫無辦理中的號碼，按 N 叫下一位',
    waitedFor: '已等候 {t}',
    issuedAt: '取號 {t}',
    appointment: '預約',
    lateArrival: '預約遲到',
    priority: '優先',
    recalls: '已重呼 {n} 次',
    callNext: '叫下一位',
    recall: '重呼',
    noShow: '過號',
    complete: '辦結',
    transfer: '轉移',
    pause: '暫停',
    resume: '恢復服務',
    callNumber: '指定叫號',
    waitingList: '等候隊列',
    waitingCount: '{n} 人等候',
    nobodyWaiting: '目前無人等候',
    colNumber: '號碼',
    colService: '事項',
    colWaited: '已等候',
    call: '呼叫',
    pausedBanner: '窗口已暫停（{reason}），按 P 恢復服務',
    offline: '與伺服器的連線已中斷，正在自動重新連線；恢復後資料會自動同步。',
    connecting: '連線中',
    live: '在線',
    pauseTitle: '暫停原因',
    reason_break: '休息',
    reason_meeting: '會議',
    reason_system_fault: '系統故障',
    reason_other: '其他',
    transferTitle: '轉移到其他事項',
    callNumberTitle: '指定叫號',
    callNumberHint: '輸入號碼（如 A012 或 12），Enter 呼叫',
    notInList: '等候隊列中沒有號碼 {n}。',
    cancel: '取消',
    minutes: '{m} 分 {s} 秒',
    called: '已呼叫 {n}',
    nothingWaiting: '目前無人等候。',
    shortcuts: '快捷鍵',
    pr_elderly: '長者',
    pr_disabled: '身障',
    pr_military: '軍人',
    pr_pregnant: '孕婦',
    pr_other: '優先',
    undo: '撤銷',
    noShowHeld: '{n} 已過號',
    completeHeld: '{n} 已辦結',
    undone: '已撤銷，{n} 仍在辦理',
    noShowSent: '{n} 已過號',
    completeSent: '{n} 已辦結',
    pauseFirst: '請先選擇暫停原因（按 1–4），或按 Esc 取消',
    transferFirst: '請先選擇要轉移到的事項（按數字鍵），或按 Esc 取消',
    callNumberFirst: '請輸入號碼後按 Enter，或按 Esc 取消',
    escToCancel: '取消',
    restoring: '正在恢復登入…',
  },
  en: {
    title: 'Counter',
    username: 'Username',
    password: 'Password',
    signIn: 'Sign in',
    signingIn: 'Signing in…',
    badLogin: 'Wrong username or password. Please try again.',
    pickCounter: 'Choose your counter',
    counterNo: 'Counter {n}',
    takenBy: 'in use',
    signOut: 'Leave counter',
    current: 'Now serving',
    noCurrent: 'No ticket at this counter. Press N to call the next one',
    waitedFor: 'waited {t}',
    issuedAt: 'issued {t}',
    appointment: 'Appointment',
    lateArrival: 'Late appointment',
    priority: 'Priority',
    recalls: 'recalled {n}×',
    callNext: 'Call next',
    recall: 'Recall',
    noShow: 'No-show',
    complete: 'Complete',
    transfer: 'Transfer',
    pause: 'Pause',
    resume: 'Resume',
    callNumber: 'Call number',
    waitingList: 'Waiting',
    waitingCount: '{n} waiting',
    nobodyWaiting: 'Nobody is waiting',
    colNumber: 'Number',
    colService: 'Service',
    colWaited: 'Waited',
    call: 'Call',
    pausedBanner: 'Counter paused ({reason}). Press P to resume',
    offline: 'Lost the connection to the server; reconnecting. Everything catches up when it is back.',
    connecting: 'connecting',
    live: 'online',
    pauseTitle: 'Pause reason',
    reason_break: 'Break',
    reason_meeting: 'Meeting',
    reason_system_fault: 'System fault',
    reason_other: 'Other',
    transferTitle: 'Transfer to another service',
    callNumberTitle: 'Call a number',
    callNumberHint: 'Type a number (A012 or 12), then Enter',
    notInList: 'No waiting ticket {n}.',
    cancel: 'Cancel',
    minutes: '{m} min {s} s',
    called: 'Called {n}',
    nothingWaiting: 'Nobody is waiting.',
    shortcuts: 'Keys',
    pr_elderly: 'Elderly',
    pr_disabled: 'Disabled',
    pr_military: 'Military',
    pr_pregnant: 'Pregnant',
    pr_other: 'Priority',
    undo: 'Undo',
    noShowHeld: '{n} marked no-show',
    completeHeld: '{n} completed',
    undone: 'Undone: {n} is still being served',
    noShowSent: '{n} marked no-show',
    completeSent: '{n} completed',
    pauseFirst: 'Choose a pause reason first (1–4), or press Esc to cancel',
    transferFirst: 'Choose the service to transfer to first (a number key), or press Esc to cancel',
    callNumberFirst: 'Type a number and press Enter, or press Esc to cancel',
    escToCancel: 'Cancel',
    restoring: 'Restoring your sign-in…',
  },
};
