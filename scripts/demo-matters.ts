// The demo hall's service guide (办事指南): a handful of common matters with their materials, fees and time limits.
import type { HallClient } from '../client/hall-client.ts';
import { importMatters, matterCatalogue } from '../client/matters-client.ts';

const mat = (name: string, original: boolean, copies: number, note = '', eLicence = false) => ({ name, original, copies, note, eLicence });

/** Matters by the demo service code (scripts/demo.ts SERVICES) that handles them. */
export const DEMO_MATTERS = [
  {
    code: '320100-BDC-001',
    service: 'estate',
    name: '不动产登记（二手房转移登记）',
    department: '市不动产登记中心',
    category: '不动产',
    lifeEvents: ['买房', '二手房交易'],
    conditions: ['买卖双方已签订存量房买卖合同并完成网签', '房屋无查封、抵押（已抵押的须抵押权人同意）'],
    materials: [
      mat('不动产登记申请书', true, 1, '现场填写或在线预填'),
      mat('买卖双方身份证', true, 1, '', true),
      mat('不动产权证书', true, 1),
      mat('存量房买卖合同', true, 1, '网签备案版本'),
      mat('完税凭证', true, 1, '税务窗口同场办理'),
      mat('婚姻状况证明', false, 1, '结婚证或离婚证', true),
    ],
    fees: '住宅每件80元，非住宅每件550元；工本费每本10元',
    legalDays: 30,
    promisedDays: 3,
    location: '市民中心二楼B区',
    window: '7–9号窗口',
    hours: '工作日 9:00–12:00，13:30–17:00',
    onlineUrl: 'https://zwfw.example.gov.cn/bdc/transfer',
    faq: [
      { q: '委托他人办理需要什么？', a: '需提供经公证的授权委托书及受托人身份证原件。' },
      { q: '可以加急吗？', a: '本事项已压缩至3个工作日，暂不提供加急。' },
    ],
    commitment: false,
    prefile: {
      enabled: true,
      fields: [
        { key: 'name', label: '申请人姓名', kind: 'text', required: true, fromIdCard: 'name' },
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
        { key: 'address', label: '房屋坐落', kind: 'address', required: true },
        { key: 'use', label: '房屋用途', kind: 'select', required: true, options: ['住宅', '商业', '办公', '其他'] },
      ],
    },
  },
  {
    code: '320100-SB-014',
    service: 'social',
    name: '社保卡补办',
    department: '市人力资源和社会保障局',
    category: '社保',
    lifeEvents: ['证件遗失'],
    conditions: ['已参加本市社会保险', '原卡已挂失'],
    materials: [mat('居民身份证', true, 1, '', true), mat('近期一寸白底证件照', true, 1, '现场可免费拍照')],
    fees: '补卡工本费20元（低保对象免收）',
    legalDays: 10,
    promisedDays: 0,
    location: '市民中心一楼C区',
    window: '12号窗口',
    hours: '工作日 9:00–17:00',
    onlineUrl: 'https://zwfw.example.gov.cn/sb/card',
    faq: [{ q: '当场能拿到卡吗？', a: '即时制卡，约20分钟后在本窗口领取。' }],
    commitment: false,
    prefile: { enabled: false, fields: [] },
  },
  {
    code: '320100-SCJG-003',
    service: 'company',
    name: '个体工商户设立登记',
    department: '市市场监督管理局',
    category: '市场监管',
    lifeEvents: ['企业开办'],
    conditions: ['有经营能力的自然人', '经营场所符合规划和安全要求'],
    materials: [
      mat('个体工商户登记（备案）申请书', true, 1),
      mat('经营者身份证', true, 1, '', true),
      mat('经营场所使用证明', false, 1, '租赁合同或产权证明；可用住所承诺书代替'),
    ],
    fees: '不收费',
    legalDays: 15,
    promisedDays: 1,
    location: '市民中心三楼A区',
    window: '1–3号窗口',
    hours: '工作日 9:00–17:00',
    onlineUrl: 'https://zwfw.example.gov.cn/scjg/gtgsh',
    faq: [{ q: '名称必须先核准吗？', a: '不需要，申请登记时一并自主申报名称。' }],
    commitment: true,
    prefile: {
      enabled: true,
      fields: [
        { key: 'name', label: '经营者姓名', kind: 'text', required: true, fromIdCard: 'name' },
        { key: 'gender', label: '性别', kind: 'text', required: false, fromIdCard: 'gender' },
        { key: 'phone', label: '联系电话', kind: 'phone', required: true },
        { key: 'shopName', label: '拟用名称', kind: 'text', required: true },
        { key: 'premises', label: '经营场所', kind: 'address', required: true },
      ],
    },
  },
  {
    code: '320100-GA-021',
    service: 'exit-entry',
    name: '居住证办理',
    department: '市公安局',
    category: '户籍',
    lifeEvents: ['新市民落户', '子女入学'],
    conditions: ['在本市居住半年以上', '有合法稳定就业、住所或连续就读之一'],
    materials: [
      mat('居民身份证', true, 1, '', true),
      mat('居住登记凭证', true, 1, '社区警务室办理'),
      mat('合法稳定就业、住所或就读证明', false, 1, '劳动合同、房屋租赁合同或在读证明'),
    ],
    fees: '首次申领免费；补领、换领每张20元',
    legalDays: 15,
    promisedDays: 10,
    location: '市民中心二楼E区',
    window: '21号窗口',
    hours: '工作日 9:00–17:00；周六 9:00–12:00',
    onlineUrl: '',
    faq: [],
    commitment: true,
    prefile: { enabled: false, fields: [] },
  },
  {
    code: '320100-GJJ-008',
    service: 'fund',
    name: '公积金提取（租房）',
    department: '市住房公积金管理中心',
    category: '公积金',
    lifeEvents: ['租房'],
    conditions: ['本人及配偶在本市无自有住房', '连续足额缴存3个月以上'],
    materials: [mat('居民身份证', true, 1, '', true), mat('本人银行借记卡', true, 1), mat('无房证明', true, 1, '可由窗口代查', true)],
    fees: '不收费',
    legalDays: 3,
    promisedDays: 1,
    location: '市民中心一楼D区',
    window: '15–16号窗口',
    hours: '工作日 9:00–17:00',
    onlineUrl: 'https://zwfw.example.gov.cn/gjj/rent',
    faq: [{ q: '多久能提一次？', a: '每满3个月可提取一次。' }],
    commitment: false,
    prefile: { enabled: false, fields: [] },
  },
] as const;

/** Imports the demo guide once, into a hall whose catalogue is empty; services are found by their codes. */
export async function seedDemoMatters(admin: HallClient): Promise<void> {
  if ((await matterCatalogue(admin)).items.length > 0) return;
  const services = new Map((await admin.services()).map((s) => [s.code, s.id]));
  await importMatters(
    admin,
    DEMO_MATTERS.map(({ service, ...m }) => ({ ...m, serviceId: services.get(service) ?? null })),
  );
}
