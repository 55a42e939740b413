import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { messages } from '../../../locales/zh-CN';
import { EntryFormPage } from '../../shared/EntryFormPage';
import { AchievementFormFields } from '../components/AchievementFormFields';
import {
  ACHIEVEMENT_FORM_FIELDS,
  fromAchievement,
  toAchievementBody,
  type AchievementFormValues,
} from '../formValues';
import {
  achievementKeys,
  achievementQuery,
  createAchievement,
  updateAchievement,
  type Achievement,
} from '../queries';

const t = messages.workspace;

const save = (values: AchievementFormValues, existing: Achievement | undefined) => {
  const body = toAchievementBody(values);
  return existing
    ? updateAchievement(existing.id, existing.version, body)
    : createAchievement(body);
};

/** `/workspace/achievements/new` and `/workspace/achievements/:id/edit`. */
export function AchievementFormPage() {
  const { id } = useParams();
  const existing = useQuery({ ...achievementQuery(id ?? ''), enabled: !!id });
  return (
    <EntryFormPage<Achievement, AchievementFormValues>
      id={id}
      heading={id ? t.editAchievement : t.newAchievement}
      existing={existing.data}
      loading={existing.isPending}
      fromEntry={fromAchievement}
      save={save}
      fieldNames={ACHIEVEMENT_FORM_FIELDS}
      detailKey={achievementKeys.detail}
      listsKey={achievementKeys.lists()}
      detailPath={(achievementId) => `/achievements/${achievementId}`}
      initialValues={{
        price_negotiable: false,
        transfer_modes: [],
        ip_numbers: [],
        inventors: [],
        keywords: [],
      }}
    >
      <AchievementFormFields />
    </EntryFormPage>
  );
}
