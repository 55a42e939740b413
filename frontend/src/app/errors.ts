import type { FormInstance } from 'antd';
import { ApiError, ApiUnreachableError } from '../api/client';
import { messages } from '../locales/zh-CN';

const t = messages.errors;
/** The code of plain schema-validation 422s: each field says what is wrong by its `type`. */
const GENERIC_VALIDATION = 'request.validation_failed';

/** One Chinese sentence for any error: by problem `code`, else the problem's `detail`. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 412) return t['precondition.failed'] ?? error.title;
    return t[error.code] ?? error.detail ?? error.title;
  }
  if (error instanceof ApiUnreachableError || error instanceof TypeError) {
    return t.unreachable ?? String(error);
  }
  return t.unknown ?? String(error);
}

/** `body.organization.credit_code` → `['organization', 'credit_code']`; `body.keywords.0` → `['keywords']`. */
export function fieldPath(field: string): string[] {
  const parts = field.split('.');
  if (['body', 'query', 'path', 'header'].includes(parts[0] ?? '')) parts.shift();
  while (parts.length > 1 && /^\d+$/.test(parts[parts.length - 1] ?? '')) parts.pop();
  return parts;
}

export type NamePath = (string | number)[];

/**
 * Puts a 422's field errors next to the form items they name. `known` lists the form's
 * item names; errors on other inputs are returned so the caller can show them elsewhere.
 * A field error whose problem code we know is shown in Chinese, else the server's message.
 */
export function fieldErrorsFor(
  error: ApiError,
  known: NamePath[],
): { fields: { name: NamePath; errors: string[] }[]; rest: string[] } {
  const keys = new Set(known.map((n) => n.join('.')));
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: string[] = [];
  // A domain code (e.g. `demand.date_in_the_past`) names the one failing input best;
  // generic validation failures are described by each field's error type.
  const generic = error.code === GENERIC_VALIDATION;
  const byCode = error.fields.length === 1 && !generic ? t[error.code] : undefined;
  for (const f of error.fields) {
    const path = fieldPath(f.field);
    const key = path.join('.');
    const text = byCode ?? messages.fieldErrors[f.type] ?? t[f.type] ?? f.message;
    if (!keys.has(key)) {
      rest.push(text);
      continue;
    }
    const entry = byName.get(key) ?? { name: path, errors: [] };
    entry.errors.push(text);
    byName.set(key, entry);
  }
  return { fields: [...byName.values()], rest };
}

/** Shows an error on a form: field errors on their items; returns the message for the rest. */
export function applyErrorToForm(
  form: FormInstance,
  error: unknown,
  known: NamePath[],
): string | null {
  if (error instanceof ApiError && error.fields.length > 0) {
    const { fields, rest } = fieldErrorsFor(error, known);
    form.setFields(fields);
    return rest.length > 0 ? rest.join('；') : null;
  }
  return errorMessage(error);
}
