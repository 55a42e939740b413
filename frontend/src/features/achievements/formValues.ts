import type { NamePath } from '../../app/errors';
import {
  blank,
  CONTACT_FORM_FIELDS,
  fromContact,
  toContactBody,
  toNumber,
  type ContactFormValues,
} from '../shared/formValues';
import type { Achievement, AchievementCreate } from './queries';

/** The form's shape: the price as a number, lists as tags. */
export interface AchievementFormValues extends ContactFormValues {
  title: string;
  abstract: string;
  field: string;
  region: string;
  maturity?: string | null;
  trl?: number | null;
  ip_type?: string | null;
  ip_numbers?: string[];
  transfer_modes: string[];
  asking_price?: number | null;
  price_negotiable?: boolean;
  inventors?: string[];
  registration_number?: string | null;
}

export const ACHIEVEMENT_FORM_FIELDS: NamePath[] = [
  'title', 'abstract', 'field', 'region', 'maturity', 'trl', 'ip_type', 'ip_numbers',
  'transfer_modes', 'asking_price', 'price_negotiable', 'inventors', 'registration_number',
].map((n): NamePath => [n]).concat(CONTACT_FORM_FIELDS);

export function toAchievementBody(v: AchievementFormValues): AchievementCreate {
  return {
    title: v.title,
    abstract: v.abstract,
    field: v.field,
    region: v.region,
    maturity: v.maturity ?? null,
    trl: v.trl ?? null,
    ip_type: v.ip_type ?? null,
    ip_numbers: v.ip_numbers ?? [],
    transfer_modes: v.transfer_modes,
    asking_price: v.asking_price ?? null,
    price_negotiable: !!v.price_negotiable,
    inventors: v.inventors ?? [],
    registration_number: blank(v.registration_number),
    ...toContactBody(v),
  };
}

export function fromAchievement(a: Achievement): AchievementFormValues {
  return {
    title: a.title,
    abstract: a.abstract,
    field: a.field,
    region: a.region,
    maturity: a.maturity,
    trl: a.trl,
    ip_type: a.ip_type,
    ip_numbers: a.ip_numbers,
    transfer_modes: a.transfer_modes,
    asking_price: toNumber(a.asking_price),
    price_negotiable: a.price_negotiable,
    inventors: a.inventors,
    registration_number: a.registration_number,
    ...fromContact(a.contact, a.keywords),
  };
}
