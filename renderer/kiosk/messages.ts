// The kiosk's words in zh-CN, zh-TW, en and ja. Hall error codes are in renderer/shared/i18n.ts; the kiosk's own below.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'title'
  | 'skip'
  | 'status.online'
  | 'status.offline'
  | 'status.printer'
  | 'status.reader'
  | 'lang.label'
  | 'care.on'
  | 'care.off'
  | 'home.functions'
  | 'home.heading'
  | 'home.swipe'
  | 'home.swipeHint'
  | 'home.card'
  | 'home.cardElderly'
  | 'home.cardError'
  | 'home.checkIn'
  | 'home.checkInHint'
  | 'home.loading'
  | 'home.empty'
  | 'tile.waiting'
  | 'tile.waitingUnknown'
  | 'tile.wait'
  | 'tile.waitNone'
  | 'tile.stale'
  | 'tile.closed'
  | 'tile.noCounter'
  | 'tile.opensAt'
  | 'tile.appointmentsOnly'
  | 'closed.heading'
  | 'closed.holiday'
  | 'closed.next'
  | 'closed.checkIn'
  | 'error.comeBack'
  | 'HALL_CLOSED'
  | 'APPOINTMENTS_ONLY'
  | 'confirm.heading'
  | 'confirm.service'
  | 'confirm.holder'
  | 'confirm.noCard'
  | 'confirm.priority'
  | 'confirm.priorityAuto'
  | 'confirm.take'
  | 'priority.none'
  | 'priority.elderly'
  | 'priority.disabled'
  | 'priority.military'
  | 'priority.pregnant'
  | 'checkIn.heading'
  | 'checkIn.hint'
  | 'checkIn.code'
  | 'checkIn.submit'
  | 'checkIn.withCard'
  | 'checkIn.cardNeeded'
  | 'checkIn.keyboard'
  | 'key.delete'
  | 'key.clear'
  | 'working.issue'
  | 'working.checkIn'
  | 'done.heading'
  | 'done.take'
  | 'done.number'
  | 'done.ahead'
  | 'done.wait'
  | 'done.stale'
  | 'done.appointment'
  | 'done.priority'
  | 'done.offline'
  | 'done.printFailed'
  | 'done.staffTold'
  | 'done.qr'
  | 'done.reprint'
  | 'done.reprinted'
  | 'done.finish'
  | 'error.heading'
  | 'error.retry'
  | 'error.again'
  | 'error.normal'
  | 'error.noCounter'
  | 'nav.back'
  | 'nav.home'
  | 'idle.warning'
  | 'idle.stay'
  | 'minutes'
  | 'AGENT_UNREACHABLE'
  | 'AGENT_TIMEOUT'
  | 'NO_CARD'
  | 'CARD_UNREADABLE'
  | 'PRINT_paper_out'
  | 'PRINT_cover_open'
  | 'PRINT_other';

export const kioskMessages: Messages<Key> = {
  'zh-CN': {
    'tile.opensAt': '{when} 起取号',
    'tile.appointmentsOnly': '仅办理预约',
    'closed.heading': '今日休息',
    'closed.holiday': '{name}，大厅今日不取号',
    'closed.next': '下次取号时间：{when}',
    'closed.checkIn': '已预约的市民请点“预约签到”。',
    'error.comeBack': '请于 {when} 再来取号。',
    HALL_CLOSED: '大厅今日休息，不取号。',
    APPOINTMENTS_ONLY: '该事项现在只办理预约，请点“预约签到”；没有预约的请在取号时间再来。',
    title: '自助取号',
    skip: '跳到办理事项',
    'status.online': '网络正常',
    'status.offline': '网络暂时中断，仍可正常取号',
    'status.printer': '打印机暂时无法出票：取号后请用手机扫描屏幕上的二维码保存号票，已通知工作人员',
    'status.reader': '身份证阅读器暂不可用：可直接选择事项取号',
    'lang.label': '语言',
    'care.on': '关怀版',
    'care.off': '标准版',
    'home.functions': '自助服务',
    'home.heading': '请选择办理事项',
    'home.swipe': '请将身份证放在感应区',
    'home.swipeHint': '刷证后取号，70 岁以上老人自动优先；不刷证也可直接点选事项',
    'home.card': '已读取身份证：{name}',
    'home.cardElderly': '您将优先办理',
    'home.cardError': '身份证未能读取，请取下后重新放置；仍不行可直接点选事项或咨询服务台',
    'home.checkIn': '预约签到',
    'home.checkInHint': '已在网上或电话预约？点此签到',
    'home.loading': '正在加载办理事项…',
    'home.empty': '暂时无法获取办理事项，请稍候，或到服务台人工取号',
    'tile.waiting': '等候 {n} 人',
    'tile.waitingUnknown': '等候人数暂无',
    'tile.wait': '约 {m} 分钟',
    'tile.waitNone': '无需等候',
    'tile.stale': '最近数据',
    'tile.closed': '暂停取号',
    'tile.noCounter': '暂无窗口办理，请咨询服务台',
    'confirm.heading': '确认取号',
    'confirm.service': '办理事项',
    'confirm.holder': '持证人：{name}',
    'confirm.noCard': '未刷身份证（也可取号）',
    'confirm.priority': '是否需要优先办理？',
    'confirm.priorityAuto': '您已满 70 周岁，将优先办理',
    'confirm.take': '确认取号',
    'priority.none': '不需要',
    'priority.elderly': '老年人',
    'priority.disabled': '残疾人',
    'priority.military': '军人',
    'priority.pregnant': '孕妇',
    'checkIn.heading': '预约签到',
    'checkIn.hint': '请输入或扫描预约码；也可刷预约时使用的身份证',
    'checkIn.code': '预约码',
    'checkIn.submit': '签到取号',
    'checkIn.withCard': '用身份证签到',
    'checkIn.cardNeeded': '请先将身份证放在感应区',
    'checkIn.keyboard': '屏幕键盘',
    'key.delete': '删除',
    'key.clear': '清空',
    'working.issue': '正在出票，请稍候…',
    'working.checkIn': '正在签到，请稍候…',
    'done.heading': '取号成功',
    'done.take': '请取走号票',
    'done.number': '您的号码',
    'done.ahead': '前面还有 {n} 人',
    'done.wait': '预计等候约 {m} 分钟',
    'done.stale': '（最近数据）',
    'done.appointment': '预约号，将按预约时段优先叫号',
    'done.priority': '优先号',
    'done.offline': '网络暂时中断，本号票有效，请留意大屏叫号',
    'done.printFailed': '号票未能打印（{reason}）。请用手机扫描下方二维码保存号票。',
    'done.staffTold': '已通知工作人员，您也可以把号码记下来。',
    'done.qr': '号票二维码：用手机扫描后可查看号票和排队进度',
    'done.reprint': '打印号票',
    'done.reprinted': '已打印，请取走号票',
    'done.finish': '完成',
    'error.heading': '暂时无法取号',
    'error.retry': '重试',
    'error.again': '重新输入',
    'error.normal': '取普通号',
    'error.noCounter': '工作人员会为您安排办理；您也可以返回首页，选择其他事项。',
    'nav.back': '返回',
    'nav.home': '返回首页',
    'idle.warning': '长时间无操作，{s} 秒后返回首页',
    'idle.stay': '继续办理',
    minutes: '{m} 分钟',
    AGENT_UNREACHABLE: '取号机正在恢复，请稍候几秒再试；仍不行请到服务台人工取号。',
    AGENT_TIMEOUT: '取号机响应较慢，请再试一次；仍不行请到服务台人工取号。',
    NO_CARD: '未检测到身份证，请将身份证放在感应区后重试。',
    CARD_UNREADABLE: '身份证未能读取，请取下后重新放置；仍不行可不刷证直接取号。',
    PRINT_paper_out: '打印机缺纸',
    PRINT_cover_open: '打印机盖未关好',
    PRINT_other: '打印机故障',
  },
  'zh-TW': {
    'tile.opensAt': '{when} 起取號',
    'tile.appointmentsOnly': '僅辦理預約',
    'closed.heading': '今日休息',
    'closed.holiday': '{name}，大廳今日不取號',
    'closed.next': '下次取號時間：{when}',
    'closed.checkIn': '已預約的民眾請點「預約報到」。',
    'error.comeBack': '請於 {when} 再來取號。',
    HALL_CLOSED: '大廳今日休息，不取號。',
    APPOINTMENTS_ONLY: '該事項現在只辦理預約，請點「預約報到」；沒有預約的請在取號時間再來。',
    title: '自助取號',
    skip: '跳到辦理事項',
    'status.online': '網路正常',
    'status.offline': '網路暫時中斷，仍可正常取號',
    'status.printer': '印表機暫時無法出票：取號後請用手機掃描螢幕上的 QR 碼保存號票，已通知工作人員',
    'status.reader': '身分證讀卡機暫不可用：可直接選擇事項取號',
    'lang.label': '語言',
    'care.on': '關懷版',
    'care.off': '標準版',
    'home.functions': '自助服務',
    'home.heading': '請選擇辦理事項',
    'home.swipe': '請將身分證放在感應區',
    'home.swipeHint': '刷證後取號，70 歲以上長者自動優先；不刷證也可直接點選事項',
    'home.card': '已讀取身分證：{name}',
    'home.cardElderly': '您將優先辦理',
    'home.cardError': '身分證未能讀取，請取下後重新放置；仍不行可直接點選事項或洽詢服務台',
    'home.checkIn': '預約報到',
    'home.checkInHint': '已在網路或電話預約？點此報到',
    'home.loading': '正在載入辦理事項…',
    'home.empty': '暫時無法取得辦理事項，請稍候，或到服務台人工取號',
    'tile.waiting': '等候 {n} 人',
    'tile.waitingUnknown': '等候人數暫無',
    'tile.wait': '約 {m} 分鐘',
    'tile.waitNone': '無需等候',
    'tile.stale': '最近資料',
    'tile.closed': '暫停取號',
    'tile.noCounter': '暫無窗口辦理，請洽詢服務台',
    'confirm.heading': '確認取號',
    'confirm.service': '辦理事項',
    'confirm.holder': '持證人：{name}',
    'confirm.noCard': '未刷身分證（也可取號）',
    'confirm.priority': '是否需要優先辦理？',
    'confirm.priorityAuto': '您已滿 70 歲，將優先辦理',
    'confirm.take': '確認取號',
    'priority.none': '不需要',
    'priority.elderly': '長者',
    'priority.disabled': '身心障礙者',
    'priority.military': '軍人',
    'priority.pregnant': '孕婦',
    'checkIn.heading': '預約報到',
    'checkIn.hint': '請輸入或掃描預約碼；也可刷預約時使用的身分證',
    'checkIn.code': '預約碼',
    'checkIn.submit': '報到取號',
    'checkIn.withCard': '用身分證報到',
    'checkIn.cardNeeded': '請先將身分證放在感應區',
    'checkIn.keyboard': '螢幕鍵盤',
    'key.delete': '刪除',
    'key.clear': '清空',
    'working.issue': '正在出票，請稍候…',
    'working.checkIn': '正在報到，請稍候…',
    'done.heading': '取號成功',
    'done.take': '請取走號票',
    'done.number': '您的號碼',
    'done.ahead': '前面還有 {n} 人',
    'done.wait': '預計等候約 {m} 分鐘',
    'done.stale': '（最近資料）',
    'done.appointment': '預約號，將按預約時段優先叫號',
    'done.priority': '優先號',
    'done.offline': '網路暫時中斷，本號票有效，請留意大螢幕叫號',
    'done.printFailed': '號票未能列印（{reason}）。請用手機掃描下方 QR 碼保存號票。',
    'done.staffTold': '已通知工作人員，您也可以把號碼記下來。',
    'done.qr': '號票 QR 碼：用手機掃描後可查看號票和排隊進度',
    'done.reprint': '列印號票',
    'done.reprinted': '已列印，請取走號票',
    'done.finish': '完成',
    'error.heading': '暫時無法取號',
    'error.retry': '重試',
    'error.again': '重新輸入',
    'error.normal': '取一般號碼',
    'error.noCounter': '工作人員會為您安排辦理；您也可以返回首頁，選擇其他事項。',
    'nav.back': '返回',
    'nav.home': '返回首頁',
    'idle.warning': '長時間無操作，{s} 秒後返回首頁',
    'idle.stay': '繼續辦理',
    minutes: '{m} 分鐘',
    AGENT_UNREACHABLE: '取號機正在恢復，請稍候幾秒再試；仍不行請到服務台人工取號。',
    AGENT_TIMEOUT: '取號機回應較慢，請再試一次；仍不行請到服務台人工取號。',
    NO_CARD: '未偵測到身分證，請將身分證放在感應區後重試。',
    CARD_UNREADABLE: '身分證未能讀取，請取下後重新放置；仍不行可不刷證直接取號。',
    PRINT_paper_out: '印表機缺紙',
    PRINT_cover_open: '印表機蓋未關好',
    PRINT_other: '印表機故障',
  },
  en: {
    'tile.opensAt': 'Tickets from {when}',
    'tile.appointmentsOnly': 'Appointments only',
    'closed.heading': 'Closed today',
    'closed.holiday': '{name}: the hall issues no tickets today',
    'closed.next': 'Tickets again: {when}',
    'closed.checkIn': 'With an appointment? Tap “Appointment check-in”.',
    'error.comeBack': 'Please come back for a ticket at {when}.',
    HALL_CLOSED: 'The hall is closed today and issues no tickets.',
    APPOINTMENTS_ONLY: 'This service takes appointments only right now. With an appointment, use check-in; otherwise come back during ticket hours.',
    title: 'Take a ticket',
    skip: 'Skip to services',
    'status.online': 'Online',
    'status.offline': 'The network is down. You can still take a ticket.',
    'status.printer': 'The printer cannot print now: after taking a ticket, scan the QR code on screen with your phone. Staff have been told.',
    'status.reader': 'The ID card reader is not available: choose a service to take a ticket.',
    'lang.label': 'Language',
    'care.on': 'Large text',
    'care.off': 'Standard text',
    'home.functions': 'Self-service',
    'home.heading': 'Choose a service',
    'home.swipe': 'Place your ID card on the reader',
    'home.swipeHint': 'Visitors aged 70 or over are served first. You can also choose a service without a card.',
    'home.card': 'ID card read: {name}',
    'home.cardElderly': 'You will be served first',
    'home.cardError': 'The card could not be read. Lift it and place it again, or choose a service without it, or ask the help desk.',
    'home.checkIn': 'Appointment check-in',
    'home.checkInHint': 'Booked online or by phone? Check in here',
    'home.loading': 'Loading services…',
    'home.empty': 'Services cannot be loaded just now. Please wait, or ask the help desk for a ticket.',
    'tile.waiting': '{n} waiting',
    'tile.waitingUnknown': 'Queue not known',
    'tile.wait': 'about {m} min',
    'tile.waitNone': 'no wait',
    'tile.stale': 'last known',
    'tile.closed': 'Not issuing now',
    'tile.noCounter': 'No counter open for this now: please ask at the help desk',
    'confirm.heading': 'Confirm your ticket',
    'confirm.service': 'Service',
    'confirm.holder': 'Card holder: {name}',
    'confirm.noCard': 'No ID card (you can still take a ticket)',
    'confirm.priority': 'Do you need priority service?',
    'confirm.priorityAuto': 'You are 70 or over: you will be served first',
    'confirm.take': 'Take ticket',
    'priority.none': 'No',
    'priority.elderly': 'Elderly',
    'priority.disabled': 'Disability',
    'priority.military': 'Military',
    'priority.pregnant': 'Pregnant',
    'checkIn.heading': 'Appointment check-in',
    'checkIn.hint': 'Type or scan your appointment code, or place the ID card you booked with',
    'checkIn.code': 'Appointment code',
    'checkIn.submit': 'Check in',
    'checkIn.withCard': 'Check in with ID card',
    'checkIn.cardNeeded': 'Place your ID card on the reader first',
    'checkIn.keyboard': 'On-screen keyboard',
    'key.delete': 'Delete',
    'key.clear': 'Clear',
    'working.issue': 'Printing your ticket…',
    'working.checkIn': 'Checking you in…',
    'done.heading': 'Here is your ticket',
    'done.take': 'Please take your ticket',
    'done.number': 'Your number',
    'done.ahead': '{n} ahead of you',
    'done.wait': 'Estimated wait about {m} min',
    'done.stale': '(last known)',
    'done.appointment': 'Appointment: called first from your booked time',
    'done.priority': 'Priority ticket',
    'done.offline': 'The network is down, but your ticket is valid. Watch the display board.',
    'done.printFailed': 'Your ticket could not be printed ({reason}). Scan the QR code below with your phone to keep it.',
    'done.staffTold': 'Staff have been told. You can also write your number down.',
    'done.qr': 'Ticket QR code: scan it with your phone to see your ticket and the queue',
    'done.reprint': 'Print ticket',
    'done.reprinted': 'Printed. Please take your ticket.',
    'done.finish': 'Done',
    'error.heading': 'No ticket this time',
    'error.retry': 'Try again',
    'error.again': 'Enter again',
    'error.normal': 'Take a normal ticket',
    'error.noCounter': 'Staff there will arrange it for you. You can also go back to the start and choose another service.',
    'nav.back': 'Back',
    'nav.home': 'Back to start',
    'idle.warning': 'No activity: back to the start in {s} s',
    'idle.stay': 'Continue',
    minutes: '{m} min',
    AGENT_UNREACHABLE: 'The kiosk is restarting. Wait a few seconds and try again, or ask the help desk for a ticket.',
    AGENT_TIMEOUT: 'The kiosk is slow to answer. Try again, or ask the help desk for a ticket.',
    NO_CARD: 'No ID card found. Place it on the reader and try again.',
    CARD_UNREADABLE: 'The card could not be read. Lift it and place it again, or take a ticket without it.',
    PRINT_paper_out: 'out of paper',
    PRINT_cover_open: 'printer cover open',
    PRINT_other: 'printer fault',
  },
  ja: {
    'tile.opensAt': '{when} から発券',
    'tile.appointmentsOnly': '予約のみ',
    'closed.heading': '本日休業',
    'closed.holiday': '{name}のため、本日は発券していません',
    'closed.next': '次の発券開始：{when}',
    'closed.checkIn': 'ご予約の方は「予約の受付」を押してください。',
    'error.comeBack': '{when} 以降に改めて整理券をお取りください。',
    HALL_CLOSED: '本日は休業日のため、整理券の発行はありません。',
    APPOINTMENTS_ONLY: 'この手続きは現在予約の方のみです。ご予約の方は「予約の受付」へ、それ以外の方は発券時間内にお越しください。',
    title: '整理券発行',
    skip: '手続きの選択へ移動',
    'status.online': 'ネットワーク正常',
    'status.offline': 'ネットワークが一時的に切断されていますが、整理券はお取りいただけます',
    'status.printer': 'プリンターが一時的に印刷できません：整理券を取った後、画面のQRコードを携帯電話で読み取って保存してください。職員に連絡済みです',
    'status.reader': '身分証リーダーは現在使用できません：手続きを選んで整理券をお取りください',
    'lang.label': '言語',
    'care.on': '大きな文字',
    'care.off': '標準表示',
    'home.functions': 'セルフサービス',
    'home.heading': '手続きを選んでください',
    'home.swipe': '身分証を読み取り部に置いてください',
    'home.swipeHint': '70歳以上の方は優先してご案内します。身分証なしでも手続きを選べます',
    'home.card': '身分証を読み取りました：{name}',
    'home.cardElderly': '優先してご案内します',
    'home.cardError':
      '身分証を読み取れませんでした。一度取り上げてもう一度置いてください。それでも読めない場合は、そのまま手続きを選ぶか案内窓口にお尋ねください',
    'home.checkIn': '予約の受付',
    'home.checkInHint': 'オンラインや電話で予約済みの方はこちら',
    'home.loading': '手続きを読み込んでいます…',
    'home.empty': '現在手続きを取得できません。しばらくお待ちいただくか、案内窓口で整理券をお受け取りください',
    'tile.waiting': '待ち {n} 人',
    'tile.waitingUnknown': '待ち人数不明',
    'tile.wait': '約 {m} 分',
    'tile.waitNone': '待ち時間なし',
    'tile.stale': '前回の情報',
    'tile.closed': '受付停止中',
    'tile.noCounter': '現在対応できる窓口がありません。案内窓口にお尋ねください',
    'confirm.heading': '整理券の確認',
    'confirm.service': '手続き',
    'confirm.holder': '身分証の名義：{name}',
    'confirm.noCard': '身分証なし（整理券は取れます）',
    'confirm.priority': '優先対応が必要ですか？',
    'confirm.priorityAuto': '70歳以上のため、優先してご案内します',
    'confirm.take': '整理券を取る',
    'priority.none': '不要',
    'priority.elderly': '高齢者',
    'priority.disabled': '障害のある方',
    'priority.military': '軍人',
    'priority.pregnant': '妊娠中の方',
    'checkIn.heading': '予約の受付',
    'checkIn.hint': '予約番号を入力するか読み取ってください。予約時の身分証を置くこともできます',
    'checkIn.code': '予約番号',
    'checkIn.submit': '受付する',
    'checkIn.withCard': '身分証で受付',
    'checkIn.cardNeeded': '先に身分証を読み取り部に置いてください',
    'checkIn.keyboard': '画面キーボード',
    'key.delete': '削除',
    'key.clear': 'クリア',
    'working.issue': '整理券を発行しています。少々お待ちください…',
    'working.checkIn': '受付しています。少々お待ちください…',
    'done.heading': '整理券を発行しました',
    'done.take': '整理券をお取りください',
    'done.number': 'あなたの番号',
    'done.ahead': '前に {n} 人',
    'done.wait': '待ち時間 約 {m} 分',
    'done.stale': '（前回の情報）',
    'done.appointment': '予約番号：予約の時間帯から優先して呼び出します',
    'done.priority': '優先番号',
    'done.offline': 'ネットワークが一時的に切断されていますが、この整理券は有効です。表示板の呼び出しをご確認ください',
    'done.printFailed': '整理券を印刷できませんでした（{reason}）。下のQRコードを携帯電話で読み取って保存してください。',
    'done.staffTold': '職員に連絡済みです。番号を控えていただくこともできます。',
    'done.qr': '整理券のQRコード：携帯電話で読み取ると整理券と待ち状況を確認できます',
    'done.reprint': '整理券を印刷',
    'done.reprinted': '印刷しました。整理券をお取りください',
    'done.finish': '完了',
    'error.heading': '整理券を発行できませんでした',
    'error.retry': 'もう一度試す',
    'error.again': '入力し直す',
    'error.normal': '通常の整理券を取る',
    'error.noCounter': '職員が手続きをご案内します。ホームに戻って別の手続きを選ぶこともできます。',
    'nav.back': '戻る',
    'nav.home': 'ホームに戻る',
    'idle.warning': '操作がないため、{s} 秒後にホームに戻ります',
    'idle.stay': '続ける',
    minutes: '{m} 分',
    AGENT_UNREACHABLE: '発券機が復旧中です。数秒待ってからもう一度お試しください。それでもできない場合は案内窓口で整理券をお受け取りください。',
    AGENT_TIMEOUT: '発券機の応答が遅れています。もう一度お試しください。それでもできない場合は案内窓口で整理券をお受け取りください。',
    NO_CARD: '身分証が見つかりません。読み取り部に置いてからもう一度お試しください。',
    CARD_UNREADABLE: '身分証を読み取れませんでした。一度取り上げてもう一度置くか、身分証なしで整理券をお取りください。',
    PRINT_paper_out: '用紙切れ',
    PRINT_cover_open: 'プリンターのカバーが開いています',
    PRINT_other: 'プリンターの故障',
  },
};

export type KioskMessageKey = Key;
