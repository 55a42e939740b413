import type { NamePath } from '../../app/errors';

/** Empty or blank text becomes `null`, as the API expects for optional strings. */
export const blank = (v: string | null | undefined) => (v && v.trim() ? v : null);

/** The contact and keyword items every entry form shares. */
export interface ContactFormValues {
  contact_name?: string | null;
  contact_phone?: string | null;
  contact_email?: string | null;
  keywords?: string[];
}

export const CONTACT_FORM_FIELDS: NamePath[] = [
  ['contact_name'], ['contact_phone'], ['contact_email'], ['keywords'],
];

type Contact = { name?: string | null; phone?: string | null; email?: string | null } | null;

export function toContactBody(v: ContactFormValues) {
  return {
    contact_name: blank(v.contact_name),
    contact_phone: blank(v.contact_phone),
    contact_email: blank(v.contact_email),
    keywords: v.keywords ?? [],
  };
}

export function fromContact(contact: Contact | undefined, keywords: string[]): ContactFormValues {
  return {
    contact_name: contact?.name ?? null,
    contact_phone: contact?.phone ?? null,
    contact_email: contact?.email ?? null,
    keywords,
  };
}

/** A decimal string from the API (`"500000.00"`) as a number for an InputNumber. */
export const toNumber = (v: string | number | null | undefined) =>
  v === null || v === undefined ? null : Number(v);
