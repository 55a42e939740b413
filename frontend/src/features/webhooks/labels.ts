import { messages } from '../../locales/zh-CN';
import type { Delivery, EventType } from './queries';

const t = messages.webhooks;
const STATUS_LABELS: Record<string, Record<string, string>> = {
  demand: messages.demandStatus,
  achievement: messages.achievementStatus,
  project: messages.projectStatus,
};

/** `demand.published` → `技术需求 · 已发布`; unknown parts stay as sent. */
export function eventTypeLabel(type: string): string {
  const [entity = type, status = ''] = type.split('.');
  const statusName = STATUS_LABELS[entity]?.[status] ?? t.statuses[status] ?? status;
  return `${t.entities[entity] ?? entity} · ${statusName}`;
}

/** The event types as Select options, grouped by entity: the collections first, as in the
 * navigation, then the rest in the order the API lists them. */
export function eventTypeOptions(types: EventType[]) {
  const groups = new Map<string, { value: string; label: string }[]>(
    Object.keys(t.entities).map((entity) => [entity, []]),
  );
  for (const type of types) {
    const group = groups.get(type.entity_type) ?? [];
    group.push({ value: type.type, label: eventTypeLabel(type.type) });
    groups.set(type.entity_type, group);
  }
  return [...groups].filter(([, options]) => options.length > 0).map(([entity, options]) => ({
    label: t.entities[entity] ?? entity,
    title: entity,
    options,
  }));
}

/** What the last attempt answered: `HTTP 500`, a timeout, or nothing yet. */
export function lastResult(delivery: Delivery): string {
  if (delivery.last_error) return delivery.last_error;
  if (delivery.last_response_code !== null) return `HTTP ${delivery.last_response_code}`;
  return '—';
}

const dateTime = new Intl.DateTimeFormat('zh-CN', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** A timestamp in the reader's local time, to the second (delivery logs need the seconds). */
export function formatDateTime(value: string | null | undefined): string {
  return value ? dateTime.format(new Date(value)) : '—';
}
