// The visitor's phone: words of online booking (预约), in the four visitor languages.
import type { Messages } from '../shared/i18n.ts';

type Key =
  | 'title'
  | 'start'
  | 'lookUp'
  | 'myBookings'
  | 'back'
  | 'chooseService'
  | 'noServices'
  | 'chooseDay'
  | 'noDays'
  | 'chooseSlot'
  | 'noSlots'
  | 'left'
  | 'full'
  | 'heldUntil'
  | 'details'
  | 'name'
  | 'idCardNumber'
  | 'phone'
  | 'privacy'
  | 'submit'
  | 'sending'
  | 'badId'
  | 'badPhone'
  | 'badName'
  | 'booked'
  | 'code'
  | 'qrLabel'
  | 'bring'
  | 'when'
  | 'service'
  | 'person'
  | 'checkInFrom'
  | 'cancelUntil'
  | 'status_booked'
  | 'status_checked_in'
  | 'status_cancelled'
  | 'status_no_show'
  | 'enterCode'
  | 'show'
  | 'cancelHeading'
  | 'cancelHint'
  | 'cancel'
  | 'cancelled'
  | 'err_SLOT_FULL'
  | 'err_PERSON_LIMIT_REACHED'
  | 'err_BOOKING_BLOCKED'
  | 'err_TOO_LATE_TO_CANCEL'
  | 'err_BOOKING_CLOSED'
  | 'err_BOOKING_NOT_OPEN'
  | 'err_DAY_CLOSED'
  | 'err_TOO_MANY_REQUESTS'
  | 'err_BOOKING_NOT_FOUND'
  | 'err_BOOKING_PERSON_MISMATCH'
  | 'err_other';

export const bookingMessages: Messages<Key> = {
  'zh-CN': {
    title: '网上预约',
    start: '预约办事',
    lookUp: '查看或取消预约',
    myBookings: '本机上的预约',
    back: '返回',
    chooseService: '第一步：选择办理事项',
    noServices: '目前没有可预约的事项，请直接到大厅取号。',
    chooseDay: '第二步：选择日期',
    noDays: '近期没有可预约的日期，请过几天再来看看。',
    chooseSlot: '第三步：选择时段',
    noSlots: '这一天没有可预约的时段，请换一天。',
    left: '余 {n} 个',
    full: '已约满',
    heldUntil: '已为您保留这个时段，请在 {t} 前填写完毕。',
    details: '第四步：填写预约人信息',
    name: '姓名',
    idCardNumber: '身份证号码',
    phone: '手机号码',
    privacy: '大厅只保存打码后的姓名、证件号和手机号，用于签到和提醒。',
    submit: '确认预约',
    sending: '正在提交……',
    badId: '身份证号码不正确，请核对 18 位号码（最后一位可能是 X）。',
    badPhone: '手机号码不正确，请填写 11 位手机号或带区号的固定电话。',
    badName: '请填写姓名。',
    booked: '预约成功',
    code: '预约码',
    qrLabel: '预约码 {code} 的二维码',
    bring: '请携带身份证按时到大厅，在取号机上输入预约码、扫描此二维码或刷身份证签到。',
    when: '时间',
    service: '事项',
    person: '预约人',
    checkInFrom: '{t} 起可签到',
    cancelUntil: '{t} 前可取消',
    status_booked: '已预约',
    status_checked_in: '已签到',
    status_cancelled: '已取消',
    status_no_show: '未到（已过期）',
    enterCode: '预约码（8 位）',
    show: '查看',
    cancelHeading: '取消预约',
    cancelHint: '请输入预约时使用的身份证号码。',
    cancel: '取消这个预约',
    cancelled: '预约已取消。',
    err_SLOT_FULL: '这个时段刚刚约满了，请选择其他时段。',
    err_PERSON_LIMIT_REACHED: '您当天已预约过这个事项。如需改时间，请先取消原预约。',
    err_BOOKING_BLOCKED: '您近期多次预约未到，暂时不能网上预约，请到大厅现场取号。',
    err_TOO_LATE_TO_CANCEL: '离预约时间不足 2 小时，已不能网上取消。如不能前来，请致电大厅。',
    err_BOOKING_CLOSED: '这个时段已停止预约，请选择更晚的时段。',
    err_BOOKING_NOT_OPEN: '这一天还未开放预约，请过几天再来。',
    err_DAY_CLOSED: '这一天已停止办理预约，请选择其他日期。',
    err_TOO_MANY_REQUESTS: '操作太频繁，请 {s} 秒后再试。',
    err_BOOKING_NOT_FOUND: '没有找到这个预约码，请核对后再试。',
    err_BOOKING_PERSON_MISMATCH: '身份证号码与预约人不一致，请输入预约时使用的号码。',
    err_other: '暂时无法完成，请稍后再试或咨询大厅服务台。',
  },
  'zh-TW': {
    title: '網上預約',
    start: '預約辦事',
    lookUp: '查看或取消預約',
    myBookings: '本機上的預約',
    back: '返回',
    chooseService: '第一步：選擇辦理事項',
    noServices: '目前沒有可預約的事項，請直接到大廳取號。',
    chooseDay: '第二步：選擇日期',
    noDays: '近期沒有可預約的日期，請過幾天再來看看。',
    chooseSlot: '第三步：選擇時段',
    noSlots: '這一天沒有可預約的時段，請換一天。',
    left: '餘 {n} 個',
    full: '已約滿',
    heldUntil: '已為您保留這個時段，請在 {t} 前填寫完畢。',
    details: '第四步：填寫預約人資料',
    name: '姓名',
    idCardNumber: '身分證號碼',
    phone: '手機號碼',
    privacy: '大廳只保存遮蔽後的姓名、證件號和手機號，用於報到和提醒。',
    submit: '確認預約',
    sending: '正在提交……',
    badId: '身分證號碼不正確，請核對 18 位號碼（最後一位可能是 X）。',
    badPhone: '手機號碼不正確，請填寫 11 位手機號或帶區號的市話。',
    badName: '請填寫姓名。',
    booked: '預約成功',
    code: '預約碼',
    qrLabel: '預約碼 {code} 的二維碼',
    bring: '請攜帶身分證準時到大廳，在取號機上輸入預約碼、掃描此二維碼或刷身分證報到。',
    when: '時間',
    service: '事項',
    person: '預約人',
    checkInFrom: '{t} 起可報到',
    cancelUntil: '{t} 前可取消',
    status_booked: '已預約',
    status_checked_in: '已報到',
    status_cancelled: '已取消',
    status_no_show: '未到（已過期）',
    enterCode: '預約碼（8 位）',
    show: '查看',
    cancelHeading: '取消預約',
    cancelHint: '請輸入預約時使用的身分證號碼。',
    cancel: '取消這個預約',
    cancelled: '預約已取消。',
    err_SLOT_FULL: '這個時段剛剛約滿了，請選擇其他時段。',
    err_PERSON_LIMIT_REACHED: '您當天已預約過這個事項。如需改時間，請先取消原預約。',
    err_BOOKING_BLOCKED: '您近期多次預約未到，暫時不能網上預約，請到大廳現場取號。',
    err_TOO_LATE_TO_CANCEL: '距離預約時間不足 2 小時，已不能網上取消。如不能前來，請致電大廳。',
    err_BOOKING_CLOSED: '這個時段已停止預約，請選擇更晚的時段。',
    err_BOOKING_NOT_OPEN: '這一天尚未開放預約，請過幾天再來。',
    err_DAY_CLOSED: '這一天已停止辦理預約，請選擇其他日期。',
    err_TOO_MANY_REQUESTS: '操作太頻繁，請 {s} 秒後再試。',
    err_BOOKING_NOT_FOUND: '找不到這個預約碼，請核對後再試。',
    err_BOOKING_PERSON_MISMATCH: '身分證號碼與預約人不一致，請輸入預約時使用的號碼。',
    err_other: '暫時無法完成，請稍後再試或洽詢大廳服務台。',
  },
  en: {
    title: 'Book an appointment',
    start: 'Book an appointment',
    lookUp: 'See or cancel a booking',
    myBookings: 'Bookings made on this phone',
    back: 'Back',
    chooseService: 'Step 1: choose the service',
    noServices: 'No service takes bookings at the moment. Please take a ticket at the hall.',
    chooseDay: 'Step 2: choose the day',
    noDays: 'No day is open for booking yet. Please look again in a few days.',
    chooseSlot: 'Step 3: choose the time',
    noSlots: 'No time is open on this day. Please choose another day.',
    left: '{n} left',
    full: 'Fully booked',
    heldUntil: 'This time is held for you. Please finish the form before {t}.',
    details: 'Step 4: who is coming',
    name: 'Name',
    idCardNumber: 'ID card number',
    phone: 'Mobile phone',
    privacy: 'The hall keeps only masked forms of your name, ID number and phone, for check-in and reminders.',
    submit: 'Confirm booking',
    sending: 'Sending…',
    badId: 'This ID number is not valid. Check the 18 characters (the last may be X).',
    badPhone: 'This phone number is not valid. Give an 11-digit mobile number or a landline with its area code.',
    badName: 'Please give your name.',
    booked: 'Booked',
    code: 'Booking code',
    qrLabel: 'QR code of booking code {code}',
    bring: 'Bring your ID card and come on time. At the kiosk, type the booking code, scan this QR code or place your ID card to check in.',
    when: 'Time',
    service: 'Service',
    person: 'Booked for',
    checkInFrom: 'Check-in from {t}',
    cancelUntil: 'Can be cancelled until {t}',
    status_booked: 'Booked',
    status_checked_in: 'Checked in',
    status_cancelled: 'Cancelled',
    status_no_show: 'Missed (expired)',
    enterCode: 'Booking code (8 characters)',
    show: 'Show',
    cancelHeading: 'Cancel the booking',
    cancelHint: 'Give the ID number the booking was made with.',
    cancel: 'Cancel this booking',
    cancelled: 'The booking is cancelled.',
    err_SLOT_FULL: 'This time has just been fully booked. Please choose another time.',
    err_PERSON_LIMIT_REACHED: 'You already have a booking for this service that day. To change the time, cancel that booking first.',
    err_BOOKING_BLOCKED: 'Several recent bookings were missed, so online booking is paused for you. Please take a ticket at the hall.',
    err_TOO_LATE_TO_CANCEL: 'It is less than 2 hours before your time, so it cannot be cancelled online. Please call the hall if you cannot come.',
    err_BOOKING_CLOSED: 'Booking for this time has closed. Please choose a later time.',
    err_BOOKING_NOT_OPEN: 'This day is not open for booking yet. Please come back in a few days.',
    err_DAY_CLOSED: 'Appointments on this day are closed. Please choose another day.',
    err_TOO_MANY_REQUESTS: 'Too many tries. Please wait {s} seconds and try again.',
    err_BOOKING_NOT_FOUND: 'No booking has this code. Please check it and try again.',
    err_BOOKING_PERSON_MISMATCH: 'This ID number is not the one the booking was made with. Please give that number.',
    err_other: 'This cannot be done right now. Please try again later or ask at the hall’s help desk.',
  },
  ja: {
    title: 'オンライン予約',
    start: '来庁予約をする',
    lookUp: '予約の確認・取り消し',
    myBookings: 'この端末での予約',
    back: '戻る',
    chooseService: 'ステップ1：手続きを選ぶ',
    noServices: '現在予約できる手続きはありません。ホールで整理券をお取りください。',
    chooseDay: 'ステップ2：日付を選ぶ',
    noDays: '予約できる日がまだありません。数日後にもう一度ご確認ください。',
    chooseSlot: 'ステップ3：時間帯を選ぶ',
    noSlots: 'この日は予約できる時間帯がありません。別の日をお選びください。',
    left: '残り {n}',
    full: '満席',
    heldUntil: 'この時間帯を確保しました。{t} までに入力を終えてください。',
    details: 'ステップ4：予約者の情報',
    name: '氏名',
    idCardNumber: '身分証番号',
    phone: '携帯電話番号',
    privacy: 'ホールは受付と連絡のため、伏せ字にした氏名・身分証番号・電話番号のみを保存します。',
    submit: '予約を確定する',
    sending: '送信中…',
    badId: '身分証番号が正しくありません。18桁をご確認ください（最後はXの場合があります）。',
    badPhone: '電話番号が正しくありません。11桁の携帯番号か市外局番付きの固定電話番号を入力してください。',
    badName: '氏名を入力してください。',
    booked: '予約が完了しました',
    code: '予約番号',
    qrLabel: '予約番号 {code} のQRコード',
    bring: '身分証をお持ちのうえ時間どおりにお越しください。発券機で予約番号を入力するか、このQRコードか身分証をかざして受付してください。',
    when: '日時',
    service: '手続き',
    person: '予約者',
    checkInFrom: '{t} から受付できます',
    cancelUntil: '{t} まで取り消せます',
    status_booked: '予約済み',
    status_checked_in: '受付済み',
    status_cancelled: '取り消し済み',
    status_no_show: '未来庁（期限切れ）',
    enterCode: '予約番号（8文字）',
    show: '表示',
    cancelHeading: '予約の取り消し',
    cancelHint: '予約に使った身分証番号を入力してください。',
    cancel: 'この予約を取り消す',
    cancelled: '予約を取り消しました。',
    err_SLOT_FULL: 'この時間帯はちょうど満席になりました。別の時間帯をお選びください。',
    err_PERSON_LIMIT_REACHED: 'この日はこの手続きの予約がすでにあります。時間を変えるには先に元の予約を取り消してください。',
    err_BOOKING_BLOCKED: '最近の予約に何度かお越しにならなかったため、オンライン予約を一時停止しています。ホールで整理券をお取りください。',
    err_TOO_LATE_TO_CANCEL: '予約時間まで2時間を切ったため、オンラインでは取り消せません。来られない場合はホールへお電話ください。',
    err_BOOKING_CLOSED: 'この時間帯の予約は締め切りました。もっと後の時間帯をお選びください。',
    err_BOOKING_NOT_OPEN: 'この日はまだ予約を受け付けていません。数日後にお試しください。',
    err_DAY_CLOSED: 'この日の予約受付は中止されました。別の日をお選びください。',
    err_TOO_MANY_REQUESTS: '操作が多すぎます。{s} 秒後にもう一度お試しください。',
    err_BOOKING_NOT_FOUND: 'この予約番号は見つかりません。ご確認のうえもう一度お試しください。',
    err_BOOKING_PERSON_MISMATCH: '身分証番号が予約者と一致しません。予約時の番号を入力してください。',
    err_other: '現在手続きできません。しばらくしてからお試しいただくか、ホールの案内係にお尋ねください。',
  },
};
