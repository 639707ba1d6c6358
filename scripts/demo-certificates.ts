// The demo's certificate records for the device simulator's sample cards (the built-in types come with every hall):
// replaced on every start, as an integrator's push would (PUT /api/v1/certificate-records is idempotent).
import type { HallClient } from '../client/hall-client.ts';
import type { CardIdentity } from '../drivers/index.ts';
import { DEMO_CARDS } from './demo-devices.ts';

/** The last `n` months as YYYY-MM, newest first. */
function lastMonths(n: number): string[] {
  const now = new Date();
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth() - i, 1);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
  });
}

const holder = (card: CardIdentity) => {
  if (card.kind !== 'resident') throw new Error('demo certificates are for resident cards');
  return { idCardNumber: card.idNumber, name: card.name };
};

export async function seedDemoCertificates(admin: HallClient): Promise<void> {
  const zhang = holder(DEMO_CARDS.zhang!.identity);
  const wang = holder(DEMO_CARDS.wang!.identity);
  const rare = holder(DEMO_CARDS.rare!.identity);
  const put = (body: object) => admin.request('PUT', '/api/v1/certificate-records', body);
  await put({
    type: 'social-insurance',
    ...zhang,
    data: { insuredPlace: '南京市玄武区', employer: '南京紫金山软件有限公司', firstInsuredOn: '2014-07-01', status: '正常参保' },
    rows: lastMonths(36).map((month, i) => ({ month, base: i < 12 ? '9200.00' : '8600.00', pension: i < 12 ? '736.00' : '688.00', medical: i < 12 ? '184.00' : '172.00', unemployment: i < 12 ? '46.00' : '43.00' })),
  });
  await put({
    type: 'housing-fund',
    ...zhang,
    data: { accountNumber: '320100123456789', employer: '南京紫金山软件有限公司', openedOn: '2014-08-01', balance: 86432.5, status: '正常缴存' },
    rows: lastMonths(24).map((month) => ({ month, base: '9200.00', employerPart: '1104.00', personalPart: '1104.00' })),
  });
  await put({
    type: 'personal-tax',
    ...zhang,
    data: { taxAuthority: '国家税务总局南京市玄武区税务局' },
    rows: lastMonths(12).map((month) => ({ month, item: '工资薪金所得', income: '15800.00', tax: '390.00', withholder: '南京紫金山软件有限公司' })),
  });
  await put({
    type: 'real-estate',
    ...wang,
    data: { queryScope: '南京市' },
    rows: [{ certificateNumber: '苏(2009)南京市不动产权第0031415号', location: '鼓楼区湖南路12号3幢502室', area: '86.40', use: '住宅', restriction: '无' }],
  });
  await put({
    type: 'social-insurance',
    ...rare,
    data: { insuredPlace: '南京市秦淮区', employer: '南京秦淮文化传媒有限公司', firstInsuredOn: '2010-03-01', status: '正常参保' },
    rows: lastMonths(12).map((month) => ({ month, base: '7600.00', pension: '608.00', medical: '152.00', unemployment: '38.00' })),
  });
}
