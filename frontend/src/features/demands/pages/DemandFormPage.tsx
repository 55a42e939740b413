import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { applyErrorToForm, errorMessage } from '../../../app/errors';
import { messages } from '../../../locales/zh-CN';
import { DemandFormFields } from '../components/DemandFormFields';
import { DEMAND_FORM_FIELDS, fromDemand, toDemandBody, type DemandFormValues } from '../formValues';
import { createDemand, demandKeys, demandQuery, updateDemand } from '../queries';

const t = messages.workspace;

/** `/workspace/demands/new` and `/workspace/demands/:id/edit`. */
export function DemandFormPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<DemandFormValues>();
  const [error, setError] = useState<string | null>(null);
  const existing = useQuery({ ...demandQuery(id ?? ''), enabled: !!id });

  useEffect(() => {
    if (existing.data) form.setFieldsValue(fromDemand(existing.data));
  }, [existing.data, form]);

  const save = useMutation({
    mutationFn: (values: DemandFormValues) => {
      const body = toDemandBody(values);
      return id && existing.data
        ? updateDemand(id, existing.data.version, body)
        : createDemand(body);
    },
    onSuccess: (demand) => {
      queryClient.setQueryData(demandKeys.detail(demand.id), demand);
      void queryClient.invalidateQueries({ queryKey: demandKeys.lists() });
      message.success(t.saved);
      navigate(`/demands/${demand.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 412) setError(errorMessage(err));
      else setError(applyErrorToForm(form, err, DEMAND_FORM_FIELDS));
    },
  });

  if (id && existing.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  return (
    <Card
      title={<h1 style={{ fontSize: 20, margin: 0 }}>{id ? t.editDemand : t.newDemand}</h1>}
      style={{ maxWidth: 900, margin: '0 auto' }}
    >
      {error && <Alert type="error" showIcon role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ budget_negotiable: false, keywords: [] }}
        onFinish={(values) => {
          setError(null);
          save.mutate(values);
        }}
      >
        <DemandFormFields />
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t.save}
          </Button>
          <Button onClick={() => navigate(-1)}>{t.cancel}</Button>
        </Space>
      </Form>
    </Card>
  );
}
