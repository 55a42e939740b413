import { Alert, Space, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { messages } from '../../locales/zh-CN';
import { SIMILAR_SHOWN, similarPath, useSimilarEntries, type SimilarEntry } from './similar';

const t = messages.similar;

/** A warning listing up to five entries with similar titles; nothing when there are none. */
export function SimilarWarning({ items }: { items: SimilarEntry[] }) {
  if (items.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="similar-warning"
      title={t.title}
      style={{ marginBottom: 16 }}
      description={
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {items.slice(0, SIMILAR_SHOWN).map((e) => (
            <li key={`${e.type}-${e.id}`}>
              <Space size={4} wrap>
                <Tag>{t.types[e.type] ?? e.type}</Tag>
                <Link to={similarPath(e)}>{e.title}</Link>
                {e.same_organization && <Tag color="orange">{t.sameOrganization}</Tag>}
              </Space>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** The warning for a given title, looked up (after `debounceMs`) from the API. */
export function SimilarEntries({
  title,
  exclude,
  debounceMs = 0,
}: {
  title: string | undefined;
  exclude?: string;
  debounceMs?: number;
}) {
  return <SimilarWarning items={useSimilarEntries(title, exclude, debounceMs)} />;
}
