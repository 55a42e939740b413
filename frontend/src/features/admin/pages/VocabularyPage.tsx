import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Result, Select, Skeleton, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { errorMessage } from '../../../app/errors';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { adminKeys, vocabularyQuery, type Vocabulary } from '../queries';
import { synonymRows, toVocabulary, type SynonymRow } from '../vocabulary';

const t = adminMessages.vocabulary;

function Tags({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
}) {
  return (
    <Select<string[]>
      mode="tags"
      aria-label={label}
      value={value}
      onChange={onChange}
      open={false}
      tokenSeparators={[',', '，', '、', ' ']}
      placeholder={t.tagsHint}
      style={{ width: '100%' }}
    />
  );
}

/** Edits a copy of the vocabulary; saving replaces it whole, and the indexer applies it. */
function VocabularyForm({ initial }: { initial: Vocabulary }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<SynonymRow[]>(() => synonymRows(initial));
  const [dictionary, setDictionary] = useState<string[]>(initial.dictionary ?? []);
  const [stopWords, setStopWords] = useState<string[]>(initial.stop_words ?? []);
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v1/admin/search/vocabulary', {
          body: toVocabulary(rows, dictionary, stopWords),
        }),
      ),
    onSuccess: (saved) => {
      message.success(adminMessages.common.saved);
      queryClient.setQueryData(adminKeys.vocabulary(), saved);
      setRows(synonymRows(saved));
    },
    onError: (error) => message.error(errorMessage(error)),
  });
  const update = (key: number, change: Partial<SynonymRow>) =>
    setRows((current) => current.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const columns: TableColumnsType<SynonymRow> = [
    {
      title: t.term,
      dataIndex: 'term',
      width: 200,
      render: (term: string, row) => (
        <Input
          aria-label={`${t.term} ${row.key + 1}`}
          value={term}
          maxLength={100}
          onChange={(e) => update(row.key, { term: e.target.value })}
        />
      ),
    },
    {
      title: t.equivalents,
      dataIndex: 'equivalents',
      render: (equivalents: string[], row) => (
        <Tags
          label={`${t.equivalents} ${row.key + 1}`}
          value={equivalents}
          onChange={(value) => update(row.key, { equivalents: value })}
        />
      ),
    },
    {
      title: adminMessages.common.actions,
      key: 'remove',
      width: 80,
      render: (_, row) => (
        <Button
          size="small"
          danger
          onClick={() => setRows((current) => current.filter((r) => r.key !== row.key))}
        >
          {t.remove}
        </Button>
      ),
    },
  ];
  return (
    <Flex vertical gap={16}>
      <Card title={t.synonyms} extra={<Typography.Text type="secondary">{t.synonymsHint}</Typography.Text>}>
        <Table<SynonymRow>
          rowKey="key"
          columns={columns}
          dataSource={rows}
          pagination={false}
          size="small"
          scroll={{ x: 'max-content' }}
        />
        <Button
          style={{ marginTop: 12 }}
          onClick={() =>
            setRows((current) => [
              ...current,
              { key: Math.max(-1, ...current.map((r) => r.key)) + 1, term: '', equivalents: [] },
            ])
          }
        >
          {t.addSynonym}
        </Button>
      </Card>
      <Card title={t.dictionary} extra={<Typography.Text type="secondary">{t.dictionaryHint}</Typography.Text>}>
        <Tags label={t.dictionary} value={dictionary} onChange={setDictionary} />
      </Card>
      <Card title={t.stopWords} extra={<Typography.Text type="secondary">{t.stopWordsHint}</Typography.Text>}>
        <Tags label={t.stopWords} value={stopWords} onChange={setStopWords} />
      </Card>
      <Button type="primary" style={{ alignSelf: 'flex-start' }} loading={save.isPending} onClick={() => save.mutate()}>
        {adminMessages.common.save}
      </Button>
    </Flex>
  );
}

export function VocabularyPage() {
  const { data, isPending, isError, refetch } = useQuery(vocabularyQuery());
  if (isPending) return <Skeleton active />;
  if (isError) {
    return (
      <Result
        status="warning"
        title={adminMessages.common.error}
        extra={<Button onClick={() => void refetch()}>{adminMessages.common.retry}</Button>}
      />
    );
  }
  return <VocabularyForm initial={data} />;
}
