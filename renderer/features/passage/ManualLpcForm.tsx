import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionDialog, Field } from './ActionDialog';
import type { ManualDocument } from './use-passage';

const FIELDS = ['documentNumber', 'surname', 'givenNames', 'nationality', 'birthDate', 'sex', 'expiryDate'] as const;
type FieldName = (typeof FIELDS)[number];
const REQUIRED: readonly FieldName[] = ['documentNumber', 'surname', 'nationality', 'birthDate', 'sex'];

/** An LPC without MRZ, typed from its printed page: checked by main like any scan. */
export function ManualLpcForm({ onSubmit, onCancel }: { onSubmit(doc: ManualDocument): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<FieldName, string>>({
    documentNumber: '',
    surname: '',
    givenNames: '',
    nationality: '',
    birthDate: '',
    sex: '',
    expiryDate: '',
  });
  const [missing, setMissing] = useState<FieldName[]>([]);
  const ltr = (f: FieldName) => f !== 'surname' && f !== 'givenNames';
  return (
    <ActionDialog
      testId="dialog-manual"
      title={t('passage.manual.title')}
      busy={false}
      error={null}
      onCancel={onCancel}
      onSubmit={() => {
        const empty = REQUIRED.filter((f) => values[f].trim() === '');
        setMissing(empty);
        if (empty.length > 0) return;
        const doc: ManualDocument = {
          documentNumber: values.documentNumber.trim().toUpperCase(),
          surname: values.surname.trim(),
          givenNames: values.givenNames.trim(),
          nationality: values.nationality.trim().toUpperCase(),
          birthDate: values.birthDate.trim(),
          sex: values.sex.trim().toUpperCase().slice(0, 1),
        };
        if (values.expiryDate.trim()) doc.expiryDate = values.expiryDate.trim();
        onSubmit(doc);
      }}
    >
      <div className="manual-grid">
        {FIELDS.map((f) => (
          <Field
            key={f}
            id={`manual-${f}`}
            label={t(`passage.manual.${f}`)}
            error={missing.includes(f) ? t('passage.invalid.required') : null}
          >
            <input
              id={`manual-${f}`}
              data-testid={`manual-${f}`}
              autoComplete="off"
              dir={ltr(f) ? 'ltr' : 'auto'}
              maxLength={f === 'nationality' ? 3 : f === 'sex' ? 1 : f === 'givenNames' ? 120 : 80}
              placeholder={f === 'birthDate' || f === 'expiryDate' ? t('passage.manual.datePlaceholder') : undefined}
              value={values[f]}
              onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
            />
          </Field>
        ))}
      </div>
    </ActionDialog>
  );
}
