// The service guide's words (办事指南) in zh-CN, zh-TW, en and ja: the kiosk, the phone page and the manager's preview.
// A matter's own text is the hall's, in Chinese.
import type { Messages } from './i18n.ts';

type Key =
  | 'guide.title'
  | 'guide.hint'
  | 'guide.heading'
  | 'guide.search'
  | 'guide.searchHint'
  | 'guide.categories'
  | 'guide.lifeEvents'
  | 'guide.all'
  | 'guide.results'
  | 'guide.none'
  | 'guide.loading'
  | 'guide.unreachable'
  | 'guide.popular'
  | 'guide.chinese'
  | 'matter.department'
  | 'matter.conditions'
  | 'matter.materials'
  | 'matter.noMaterials'
  | 'matter.original'
  | 'matter.copy'
  | 'matter.copies'
  | 'matter.eLicence'
  | 'matter.fees'
  | 'matter.free'
  | 'matter.days'
  | 'matter.daysValue'
  | 'matter.instant'
  | 'matter.legalDays'
  | 'matter.where'
  | 'matter.hours'
  | 'matter.online'
  | 'matter.faq'
  | 'matter.commitment'
  | 'matter.prefile'
  | 'matter.print'
  | 'matter.printing'
  | 'matter.printed'
  | 'matter.printFailed'
  | 'matter.ticket'
  | 'matter.noTicket'
  | 'matter.qr'
  | 'matter.qrHint'
  | 'matter.missing'
  | 'back';

export const matterMessages: Messages<Key> = {
  'zh-CN': {
    'guide.title': '办事指南',
    'guide.hint': '查询办事材料、收费和时限',
    'guide.heading': '办事指南',
    'guide.search': '搜索事项',
    'guide.searchHint': '输入事项名称或拼音首字母，如 bdc',
    'guide.categories': '按主题',
    'guide.lifeEvents': '按人生事件',
    'guide.all': '全部',
    'guide.results': '共 {n} 项',
    'guide.none': '没有找到相关事项，请换个说法，或到服务台咨询。',
    'guide.loading': '正在加载办事指南…',
    'guide.unreachable': '办事指南暂时无法查询：可先取号到窗口咨询，或稍后再试。',
    'guide.popular': '常用服务',
    'guide.chinese': '办事指南以中文提供。',
    'matter.department': '办理部门',
    'matter.conditions': '办理条件',
    'matter.materials': '申请材料',
    'matter.noMaterials': '无需提交材料',
    'matter.original': '原件',
    'matter.copy': '复印件',
    'matter.copies': '{n} 份',
    'matter.eLicence': '可用电子证照',
    'matter.fees': '收费标准',
    'matter.free': '不收费',
    'matter.days': '承诺时限',
    'matter.daysValue': '{n} 个工作日',
    'matter.instant': '即时办结',
    'matter.legalDays': '法定 {n} 个工作日',
    'matter.where': '办理地点',
    'matter.hours': '办理时间',
    'matter.online': '网上办理',
    'matter.faq': '常见问题',
    'matter.commitment': '本事项实行告知承诺制：部分材料可以书面承诺代替。',
    'matter.prefile': '可在窗口办理前预填申请信息。',
    'matter.print': '打印材料清单',
    'matter.printing': '正在打印…',
    'matter.printed': '已打印，请在出票口取走清单。',
    'matter.printFailed': '清单未能打印：请用手机扫码带走，或联系工作人员。',
    'matter.ticket': '取号办理',
    'matter.noTicket': '本事项不在本大厅窗口取号办理，请到服务台咨询。',
    'matter.qr': '扫码带走',
    'matter.qrHint': '用手机扫描二维码，在手机上查看本办事指南。',
    'matter.missing': '没有找到这个事项，可能已调整。请到服务台咨询。',
    back: '返回',
  },
  'zh-TW': {
    'guide.title': '辦事指南',
    'guide.hint': '查詢辦事材料、收費和時限',
    'guide.heading': '辦事指南',
    'guide.search': '搜尋事項',
    'guide.searchHint': '輸入事項名稱或拼音首字母，如 bdc',
    'guide.categories': '按主題',
    'guide.lifeEvents': '按人生事件',
    'guide.all': '全部',
    'guide.results': '共 {n} 項',
    'guide.none': '沒有找到相關事項，請換個說法，或到服務台諮詢。',
    'guide.loading': '正在載入辦事指南…',
    'guide.unreachable': '辦事指南暫時無法查詢：可先取號到窗口諮詢，或稍後再試。',
    'guide.popular': '常用服務',
    'guide.chinese': '辦事指南以簡體中文提供。',
    'matter.department': '辦理部門',
    'matter.conditions': '辦理條件',
    'matter.materials': '申請材料',
    'matter.noMaterials': '無需提交材料',
    'matter.original': '正本',
    'matter.copy': '影本',
    'matter.copies': '{n} 份',
    'matter.eLicence': '可用電子證照',
    'matter.fees': '收費標準',
    'matter.free': '不收費',
    'matter.days': '承諾時限',
    'matter.daysValue': '{n} 個工作日',
    'matter.instant': '即時辦結',
    'matter.legalDays': '法定 {n} 個工作日',
    'matter.where': '辦理地點',
    'matter.hours': '辦理時間',
    'matter.online': '網上辦理',
    'matter.faq': '常見問題',
    'matter.commitment': '本事項實行告知承諾制：部分材料可以書面承諾代替。',
    'matter.prefile': '可在窗口辦理前預填申請資訊。',
    'matter.print': '列印材料清單',
    'matter.printing': '正在列印…',
    'matter.printed': '已列印，請在出票口取走清單。',
    'matter.printFailed': '清單未能列印：請用手機掃碼帶走，或聯繫工作人員。',
    'matter.ticket': '取號辦理',
    'matter.noTicket': '本事項不在本大廳窗口取號辦理，請到服務台諮詢。',
    'matter.qr': '掃碼帶走',
    'matter.qrHint': '用手機掃描二維碼，在手機上查看本辦事指南。',
    'matter.missing': '沒有找到這個事項，可能已調整。請到服務台諮詢。',
    back: '返回',
  },
  en: {
    'guide.title': 'Service guide',
    'guide.hint': 'Documents, fees and time limits',
    'guide.heading': 'Service guide',
    'guide.search': 'Search',
    'guide.searchHint': 'Type a name or pinyin initials, e.g. bdc',
    'guide.categories': 'By topic',
    'guide.lifeEvents': 'By life event',
    'guide.all': 'All',
    'guide.results': '{n} found',
    'guide.none': 'Nothing found: try other words, or ask at the help desk.',
    'guide.loading': 'Loading the service guide…',
    'guide.unreachable': 'The guide cannot be reached just now: take a ticket and ask at the counter, or try again later.',
    'guide.popular': 'Popular services',
    'guide.chinese': 'The guide is in Chinese.',
    'matter.department': 'Department',
    'matter.conditions': 'Who can apply',
    'matter.materials': 'Documents to bring',
    'matter.noMaterials': 'No documents needed',
    'matter.original': 'Original',
    'matter.copy': 'Copy',
    'matter.copies': '×{n}',
    'matter.eLicence': 'e-licence accepted',
    'matter.fees': 'Fees',
    'matter.free': 'Free',
    'matter.days': 'Done within',
    'matter.daysValue': '{n} working days',
    'matter.instant': 'Done on the spot',
    'matter.legalDays': 'legal limit {n} working days',
    'matter.where': 'Where',
    'matter.hours': 'Hours',
    'matter.online': 'Apply online',
    'matter.faq': 'Questions',
    'matter.commitment': 'Written commitment accepted in place of some documents.',
    'matter.prefile': 'You can fill in the application before you reach the counter.',
    'matter.print': 'Print checklist',
    'matter.printing': 'Printing…',
    'matter.printed': 'Printed: take the checklist from the slot.',
    'matter.printFailed': 'The checklist did not print: scan the code with your phone, or ask staff.',
    'matter.ticket': 'Take a ticket',
    'matter.noTicket': 'This is not handled at a counter here: please ask at the help desk.',
    'matter.qr': 'Take it on your phone',
    'matter.qrHint': 'Scan the code to read this guide on your phone.',
    'matter.missing': 'This item was not found; it may have changed. Please ask at the help desk.',
    back: 'Back',
  },
  ja: {
    'guide.title': '手続き案内',
    'guide.hint': '必要書類・手数料・期間を調べる',
    'guide.heading': '手続き案内',
    'guide.search': '検索',
    'guide.searchHint': '名称またはピンインの頭文字（例：bdc）',
    'guide.categories': 'テーマ別',
    'guide.lifeEvents': 'ライフイベント別',
    'guide.all': 'すべて',
    'guide.results': '{n} 件',
    'guide.none': '見つかりませんでした。別の言葉で探すか、案内窓口でお尋ねください。',
    'guide.loading': '手続き案内を読み込んでいます…',
    'guide.unreachable': '現在、手続き案内を表示できません。番号札を取って窓口でお尋ねいただくか、後でもう一度お試しください。',
    'guide.popular': 'よく使われる手続き',
    'guide.chinese': '手続き案内は中国語で表示されます。',
    'matter.department': '担当部門',
    'matter.conditions': '申請条件',
    'matter.materials': '必要書類',
    'matter.noMaterials': '書類は不要です',
    'matter.original': '原本',
    'matter.copy': 'コピー',
    'matter.copies': '{n} 部',
    'matter.eLicence': '電子証明書可',
    'matter.fees': '手数料',
    'matter.free': '無料',
    'matter.days': '処理期間',
    'matter.daysValue': '{n} 営業日',
    'matter.instant': 'その場で完了',
    'matter.legalDays': '法定 {n} 営業日',
    'matter.where': '窓口',
    'matter.hours': '受付時間',
    'matter.online': 'オンライン申請',
    'matter.faq': 'よくある質問',
    'matter.commitment': '一部の書類は誓約書で代えられます。',
    'matter.prefile': '窓口の前に申請内容を事前入力できます。',
    'matter.print': '書類リストを印刷',
    'matter.printing': '印刷中…',
    'matter.printed': '印刷しました。取り出し口からお取りください。',
    'matter.printFailed': '印刷できませんでした。QRコードをスマートフォンで読み取るか、係員にお尋ねください。',
    'matter.ticket': '番号札を取る',
    'matter.noTicket': 'この手続きは当ホールの窓口では扱っていません。案内窓口でお尋ねください。',
    'matter.qr': 'スマホで持ち帰る',
    'matter.qrHint': 'QRコードを読み取ると、この案内をスマートフォンで見られます。',
    'matter.missing': 'この手続きは見つかりませんでした。案内窓口でお尋ねください。',
    back: '戻る',
  },
};
