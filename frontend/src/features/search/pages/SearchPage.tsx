import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Input,
  List,
  Pagination,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { errorMessage } from '../../../app/errors';
import { useTermName } from '../../catalog/queries';
import { searchMessages as t } from '../../../locales/search.zh-CN';
import { messages } from '../../../locales/zh-CN';
import { highlighted, hitPath } from '../highlight';
import {
  FILTERS,
  paramsFromUrl,
  SEARCH_PAGE_SIZE,
  SEARCH_TYPES,
  searchQuery,
  type SearchHit,
} from '../queries';

/** A status in any of the collections (the same code reads the same in each). */
function statusName(code: string): string {
  return (
    messages.demandStatus[code] ??
    messages.achievementStatus[code] ??
    messages.projectStatus[code] ??
    code
  );
}

/** Meilisearch answers the first 1,000 hits of a search (its maxTotalHits): the pages beyond
 * are not offered, though the total counts every match. */
const MAX_PAGES = 1000 / SEARCH_PAGE_SIZE;

function Hit({ hit, fieldName, regionName }: { hit: SearchHit; fieldName: string; regionName: string }) {
  return (
    <List.Item>
      <List.Item.Meta
        title={
          <Space wrap size={4}>
            <Tag color="blue">{t.types[hit.type] ?? hit.type}</Tag>
            <Link to={hitPath(hit.type, hit.id)}>{highlighted(hit.title)}</Link>
          </Space>
        }
        description={
          <Space direction="vertical" size={2} style={{ width: '100%' }}>
            <Typography.Text type="secondary">{highlighted(hit.snippet)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[fieldName, regionName].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

/** 全站搜索: one box over the four collections, with facets and highlighted matches. */
export function SearchPage() {
  const [url, setUrl] = useSearchParams();
  const params = paramsFromUrl(url);
  const answer = useQuery(searchQuery(params));
  const fieldName = useTermName('field');
  const regionName = useTermName('region');
  const maturityName = useTermName('maturity');
  const valueName: Record<string, (code: string) => string> = {
    field: fieldName,
    region: regionName,
    maturity: maturityName,
    status: statusName,
  };

  const change = (updates: Record<string, string | null>) => {
    const next = new URLSearchParams(url);
    for (const [name, value] of Object.entries(updates)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    if (!('page' in updates)) next.delete('page');
    setUrl(next);
  };
  const types = params.types ? params.types.split(',') : [];
  const filtered = FILTERS.some((name) => url.get(name)) || types.length > 0;
  const page = Math.floor((params.offset ?? 0) / SEARCH_PAGE_SIZE) + 1;
  const unavailable = answer.error instanceof ApiError && answer.error.status === 503;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
        {t.title}
      </Typography.Title>
      <Input.Search
        aria-label={t.title}
        placeholder={t.placeholder}
        enterButton={t.submit}
        size="large"
        allowClear
        key={params.q}
        defaultValue={params.q}
        maxLength={500}
        onSearch={(value) => change({ q: value.trim() || null })}
      />
      <Checkbox.Group
        aria-label={t.facets.type}
        value={types}
        options={SEARCH_TYPES.map((type) => ({ value: type, label: t.types[type] }))}
        onChange={(chosen) => change({ types: chosen.length ? chosen.join(',') : null })}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={7} lg={6}>
          <Flex vertical gap={12}>
            {FILTERS.map((name) => {
              const counts = answer.data?.facets?.[name] ?? {};
              const chosen = url.get(name);
              const values = Object.entries(counts).sort((a, b) => b[1] - a[1]);
              if (!values.length && !chosen) return null;
              return (
                <Card key={name} size="small" title={t.facets[name]}>
                  <Flex wrap gap={6}>
                    {values.map(([value, count]) => (
                      <Tag.CheckableTag
                        key={value}
                        checked={chosen === value}
                        onChange={(on) => change({ [name]: on ? value : null })}
                      >
                        {(valueName[name]?.(value) || value) + ` (${count})`}
                      </Tag.CheckableTag>
                    ))}
                  </Flex>
                </Card>
              );
            })}
            {filtered && (
              <Button onClick={() => change({ types: null, field: null, region: null, status: null, maturity: null })}>
                {t.clear}
              </Button>
            )}
          </Flex>
        </Col>
        <Col xs={24} md={17} lg={18}>
          {answer.isPending ? (
            <Skeleton active paragraph={{ rows: 6 }} />
          ) : answer.isError ? (
            <Alert
              type={unavailable ? 'warning' : 'error'}
              showIcon
              message={unavailable ? t.unavailable : errorMessage(answer.error)}
              action={<Button onClick={() => answer.refetch()}>{t.retry}</Button>}
            />
          ) : answer.data.hits.length === 0 ? (
            <Empty description={t.empty} />
          ) : (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">
                {params.q ? t.total(answer.data.total, answer.data.took_ms) : t.browsing}
              </Typography.Text>
              <List
                itemLayout="vertical"
                dataSource={answer.data.hits}
                renderItem={(hit) => (
                  <Hit hit={hit} fieldName={fieldName(hit.field)} regionName={regionName(hit.region)} />
                )}
              />
              <Pagination
                align="center"
                current={page}
                pageSize={SEARCH_PAGE_SIZE}
                showSizeChanger={false}
                total={Math.min(answer.data.total, MAX_PAGES * SEARCH_PAGE_SIZE)}
                onChange={(next) => change({ page: next > 1 ? String(next) : null })}
              />
            </Flex>
          )}
        </Col>
      </Row>
    </Flex>
  );
}
