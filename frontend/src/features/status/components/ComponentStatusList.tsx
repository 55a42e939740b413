import { Flex, Tag, Typography } from 'antd';
import { messages } from '../../../locales/zh-CN';
import type { ComponentState, Readiness } from '../queries';

const t = messages.status;

/** Known components first, in a fixed order; anything new the backend reports follows. */
const ORDER = ['database', 'migrations', 'search'];

function sortedEntries(components: Readiness['components']): [string, ComponentState][] {
  const entries = Object.entries(components).filter(
    (entry): entry is [string, ComponentState] => entry[1] !== undefined,
  );
  const rank = (name: string) => {
    const i = ORDER.indexOf(name);
    return i === -1 ? ORDER.length : i;
  };
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

export function ComponentStatusList({ components }: { components: Readiness['components'] }) {
  return (
    <ul aria-label={t.title} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {sortedEntries(components).map(([name, state]) => {
        const label = t.components[name] ?? name;
        const ok = state.status === 'ok';
        return (
          <li
            key={name}
            aria-label={label}
            data-testid={`component-${name}`}
            style={{ padding: '12px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
          >
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong>{label}</Typography.Text>
              <Tag color={ok ? 'success' : 'error'} style={{ marginInlineEnd: 0 }}>
                {ok ? t.ok : t.error}
              </Tag>
            </Flex>
            {!ok && state.detail ? (
              <Typography.Paragraph
                type="danger"
                style={{ margin: '6px 0 0', wordBreak: 'break-word', fontSize: 13 }}
              >
                {state.detail}
              </Typography.Paragraph>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
