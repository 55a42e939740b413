import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Space, Spin } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { applyErrorToForm, errorMessage, type NamePath } from '../../app/errors';
import { messages } from '../../locales/zh-CN';
import { SimilarEntries } from './SimilarWarning';

const t = messages.workspace;
/** How long the title must rest before similar entries are looked up. */
const SIMILAR_DEBOUNCE_MS = 400;

interface Saved {
  id: string;
  version: number;
}

/**
 * The create / edit page of an entry: loads the entry being edited into the form, saves it
 * (`save` sends `If-Match` when editing), puts 422 field errors on their items, shows a 412
 * above the form, and warns about entries with a similar title.
 */
export function EntryFormPage<E extends Saved, V extends object>({
  id,
  heading,
  existing,
  loading,
  fromEntry,
  save,
  fieldNames,
  detailKey,
  listsKey,
  detailPath,
  initialValues,
  children,
}: {
  id: string | undefined;
  heading: string;
  existing: E | undefined;
  loading: boolean;
  fromEntry: (entry: E) => V;
  save: (values: V, existing: E | undefined) => Promise<E>;
  fieldNames: NamePath[];
  detailKey: (id: string) => QueryKey;
  listsKey: QueryKey;
  detailPath: (id: string) => string;
  initialValues: Partial<V>;
  children: ReactNode;
}) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const title = Form.useWatch<string | undefined>('title', form);

  useEffect(() => {
    if (existing) form.setFieldsValue(fromEntry(existing) as Parameters<typeof form.setFieldsValue>[0]);
  }, [existing, form, fromEntry]);

  const mutation = useMutation({
    mutationFn: (values: V) => save(values, existing),
    onSuccess: (entry) => {
      queryClient.setQueryData(detailKey(entry.id), entry);
      void queryClient.invalidateQueries({ queryKey: listsKey });
      message.success(t.saved);
      navigate(detailPath(entry.id));
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 412) setError(errorMessage(err));
      else setError(applyErrorToForm(form, err, fieldNames));
    },
  });

  if (id && loading) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{heading}</h1>}
      style={{ maxWidth: 900, margin: '0 auto' }}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <SimilarEntries title={title} exclude={id} debounceMs={SIMILAR_DEBOUNCE_MS} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => {
          setError(null);
          mutation.mutate(values);
        }}
      >
        {children}
        <Space>
          <Button type="primary" htmlType="submit" loading={mutation.isPending}>
            {t.save}
          </Button>
          <Button onClick={() => navigate(-1)}>{t.cancel}</Button>
        </Space>
      </Form>
    </Card>
  );
}
