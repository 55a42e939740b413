import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../../../api/client';
import { applyErrorToForm } from '../../../app/errors';
import { adminMessages } from '../../../locales/admin.zh-CN';
import { catalogKeys } from '../../catalog/queries';
import { adminKeys, termsQuery, type AdminTerm, type Taxonomy } from '../queries';

const t = adminMessages.taxonomies;
const TAXONOMIES = Object.keys(t.names) as Taxonomy[];
type TermValues = { code: string; name: string; tag?: string; position: number; is_active: boolean };

/** Adds a value (``term`` null) or edits one; codes never change once made. */
function TermModal({
  taxonomy,
  term,
  open,
  onClose,
}: {
  taxonomy: Taxonomy;
  term: AdminTerm | null;
  open: boolean;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TermValues>();
  const save = useMutation({
    mutationFn: async ({ code, name, tag, position, is_active }: TermValues) => {
      const body = { name, tag: tag || null, position };
      if (term === null) {
        return unwrap(
          await api.POST('/api/v1/catalog/{taxonomy}', {
            params: { path: { taxonomy } },
            body: { ...body, code },
          }),
        );
      }
      return unwrap(
        await api.PATCH('/api/v1/catalog/{taxonomy}/{code}', {
          params: { path: { taxonomy, code: term.code } },
          body: { ...body, is_active },
        }),
      );
    },
    onSuccess: () => {
      message.success(adminMessages.common.saved);
      onClose();
      void queryClient.invalidateQueries({ queryKey: adminKeys.terms(taxonomy) });
      void queryClient.invalidateQueries({ queryKey: catalogKeys.terms(taxonomy) });
    },
    onError: (error) => {
      const rest = applyErrorToForm(form, error, [['code'], ['name'], ['tag'], ['position']]);
      if (rest) message.error(rest);
    },
  });
  return (
    <Modal
      open={open}
      title={term ? `${term.name}（${term.code}）` : t.addTitle}
      okText={adminMessages.common.save}
      cancelText={adminMessages.common.cancel}
      okButtonProps={{ loading: save.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<TermValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={
          term
            ? { ...term, tag: term.tag ?? undefined }
            : { position: 0, is_active: true, code: '', name: '' }
        }
        onFinish={(values) => save.mutate(values)}
      >
        {term === null ? (
          <Form.Item
            name="code"
            label={t.code}
            extra={t.codeHint}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,49}$/, message: t.codeHint }]}
          >
            <Input />
          </Form.Item>
        ) : null}
        <Form.Item name="name" label={t.name} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="tag" label={t.tag}>
          <Input maxLength={10} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="position" label={t.position}>
          <InputNumber min={0} max={10000} />
        </Form.Item>
        {term !== null ? (
          <Form.Item name="is_active" label={t.active} valuePropName="checked">
            <Switch />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** The taxonomies (fields, regions, ...): add, rename, reorder and retire values. */
export function TaxonomiesPage() {
  const [taxonomy, setTaxonomy] = useState<Taxonomy>('field');
  const [editing, setEditing] = useState<AdminTerm | null>(null);
  const [adding, setAdding] = useState(false);
  const { data, isPending } = useQuery(termsQuery(taxonomy));
  const columns: TableColumnsType<AdminTerm> = [
    { title: t.code, dataIndex: 'code' },
    { title: t.name, dataIndex: 'name' },
    { title: t.tag, dataIndex: 'tag', render: (tag: string | null) => (tag ? <Tag>{tag}</Tag> : null) },
    { title: t.position, dataIndex: 'position' },
    {
      title: t.active,
      dataIndex: 'is_active',
      render: (active: boolean) => (active ? adminMessages.common.yes : adminMessages.common.no),
    },
    {
      title: adminMessages.common.actions,
      key: 'actions',
      render: (_, term) => (
        <Button size="small" aria-label={`编辑 ${term.name}`} onClick={() => setEditing(term)}>
          编辑
        </Button>
      ),
    },
  ];
  return (
    <Card>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<Taxonomy>
          aria-label="分类"
          value={taxonomy}
          style={{ width: 200 }}
          options={TAXONOMIES.map((value) => ({ value, label: t.names[value] }))}
          onChange={setTaxonomy}
        />
        <Button type="primary" onClick={() => setAdding(true)} disabled={taxonomy === 'organization_kind'}>
          {t.add}
        </Button>
      </Space>
      <Table<AdminTerm>
        aria-label={t.names[taxonomy]}
        rowKey="code"
        loading={isPending}
        columns={columns}
        dataSource={data ?? []}
        pagination={false}
        size="middle"
        scroll={{ x: 'max-content' }}
        rowClassName={(term) => (term.is_active ? '' : 'row-retired')}
      />
      <TermModal
        taxonomy={taxonomy}
        term={editing}
        open={adding || editing !== null}
        onClose={() => {
          setAdding(false);
          setEditing(null);
        }}
      />
    </Card>
  );
}
