import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Row, Spin } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { challengeMessages } from '../../../locales/challenges.zh-CN';
import { demandQuery, type Demand } from '../../demands/queries';
import { EntryFormPage } from '../../shared/EntryFormPage';
import {
  CHALLENGE_FORM_FIELDS,
  NEW_CHALLENGE,
  changedFields,
  fromChallenge,
  toChallengeBody,
  type ChallengeFormValues,
} from '../challengeForm';
import { BasicsFields } from '../components/form/BasicsFields';
import { CriteriaFields } from '../components/form/CriteriaFields';
import { EligibilityFields } from '../components/form/EligibilityFields';
import { ModeFields } from '../components/form/ModeFields';
import {
  challengeKeys,
  challengeQuery,
  createChallenge,
  updateChallenge,
  type Challenge,
} from '../queries';

const t = challengeMessages.form;

const save = (values: ChallengeFormValues, existing: Challenge | undefined) =>
  existing
    ? updateChallenge(existing.id, existing.version, changedFields(values, existing))
    : createChallenge(toChallengeBody(values));

/** A challenge raised from a demand starts from the demand's problem, field and region. */
function fromDemand(demand: Demand | undefined): Partial<ChallengeFormValues> {
  if (!demand) return NEW_CHALLENGE;
  return {
    ...NEW_CHALLENGE,
    title: demand.title,
    description: demand.description,
    indicators: demand.indicators ?? '',
    field: demand.field,
    region: demand.region,
    keywords: demand.keywords,
    origin_demand_id: demand.id,
  };
}

/**
 * `/workspace/challenges/new` (`?demand=<id>` raises it from a published demand) and
 * `/workspace/challenges/:id/edit`: a draft, or the terms of a published challenge.
 */
export function ChallengeFormPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const demandId = id ? null : params.get('demand');
  const existing = useQuery({ ...challengeQuery(id ?? ''), enabled: !!id });
  const demand = useQuery({ ...demandQuery(demandId ?? ''), enabled: !!demandId });
  if (demandId && demand.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  const originId = existing.data?.origin_demand_id ?? demand.data?.id;
  return (
    <EntryFormPage<Challenge, ChallengeFormValues>
      id={id}
      heading={id ? t.editTitle : t.newTitle}
      existing={existing.data}
      loading={existing.isPending}
      fromEntry={fromChallenge}
      save={save}
      fieldNames={CHALLENGE_FORM_FIELDS}
      detailKey={challengeKeys.detail}
      listsKey={challengeKeys.all}
      detailPath={(challengeId) => `/challenges/${challengeId}`}
      initialValues={fromDemand(demand.data)}
    >
      {existing.data?.status === 'published' && (
        <Alert type="warning" showIcon title={challengeMessages.issuer.editTermsNote} style={{ marginBottom: 16 }} />
      )}
      {originId && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <>
              {t.originDemand}：<Link to={`/demands/${originId}`}>{demand.data?.title ?? originId}</Link>
            </>
          }
        />
      )}
      <Form.Item name="origin_demand_id" hidden>
        <Input />
      </Form.Item>
      <Row gutter={16}>
        <BasicsFields />
        <ModeFields />
        <CriteriaFields />
        <EligibilityFields />
      </Row>
    </EntryFormPage>
  );
}
