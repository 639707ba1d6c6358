// Cards and pty paths shared by the driver tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { idCheckDigit } from '../../core/id-card.ts';
import { SAMPLE_RESIDENT, type CardIdentity } from '../../drivers/index.ts';

export const withCheckDigit = (first17: string): string => first17 + idCheckDigit(first17);

export const residentZhang = SAMPLE_RESIDENT;

export const residentOuyang: CardIdentity = {
  ...residentZhang,
  name: '欧阳小明',
  gender: '2',
  nation: '03',
  idNumber: withCheckDigit('11010519800101002'),
  birthDate: '19800101',
  validTo: '长期',
};

/** A Uyghur name with the middle dot, and a rare character stored in the Private Use Area. */
export const residentMinorityRare: CardIdentity = {
  ...residentZhang,
  name: '阿依\uE80C丽·买买提',
  nation: '05',
  idNumber: withCheckDigit('65010219851111002'),
  birthDate: '19851111',
};

export const hkPermit: CardIdentity = {
  kind: 'hk_macau_taiwan',
  name: '陈大文',
  gender: '1',
  birthDate: '19880808',
  address: '',
  idNumber: withCheckDigit('81000019880808001'),
  authority: '公安部出入境管理局',
  validFrom: '20190101',
  validTo: '20240101',
  passNumber: 'H12345678',
  issueCount: '01',
};

export const foreigner2017: CardIdentity = {
  kind: 'foreigner_2017',
  englishName: 'SMITH, JOHN',
  chineseName: '约翰',
  gender: '1',
  permitNumber: 'CAN110075050101',
  nationality: 'CAN',
  birthDate: '19750501',
  validFrom: '20180101',
  validTo: '20280101',
  version: '17',
  authorityCode: '1500',
};

export const foreigner2023: CardIdentity = { kind: 'foreigner_2023', permitNumber: '911000197505010012' };

/** A fresh directory for pty links; remove it in afterEach/afterAll. */
export function ptyDir(): { dir: string; link(name: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hall-pty-'));
  return { dir, link: (name) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
