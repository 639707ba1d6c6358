// Sample resident ID cards for the emulator: tests, the benchmark and the demo hall's device simulator.
import { idCheckDigit } from '../../core/id-card.ts';
import type { CardIdentity } from './card-layout.ts';

export type ResidentCardIdentity = Extract<CardIdentity, { kind: 'resident' }>;

export function residentCard(o: {
  name: string;
  /** YYYYMMDD */
  birthDate: string;
  serial?: string;
  gender?: '1' | '2';
  validTo?: string;
}): ResidentCardIdentity {
  const first17 = `320102${o.birthDate}${o.serial ?? '123'}`;
  return {
    kind: 'resident',
    name: o.name,
    gender: o.gender ?? '1',
    nation: '01',
    birthDate: o.birthDate,
    address: '江苏省南京市玄武区北京东路41号',
    idNumber: first17 + idCheckDigit(first17),
    authority: '南京市公安局玄武分局',
    validFrom: '20200101',
    validTo: o.validTo ?? '20400101',
  };
}

export const SAMPLE_RESIDENT: ResidentCardIdentity = residentCard({ name: '张小三', birthDate: '19900307' });
