import { useEffect, useState } from 'react';
import { type RunFacets, type RunQuery, RunStatusSchema } from '../../../../shared/contract';

type Filters = Pick<RunQuery, 'text' | 'target' | 'backend' | 'status' | 'tag' | 'includeArchived' | 'sort'>;

function Select(props: {
  label: string;
  value: string | undefined;
  options: readonly string[];
  onChange(v: string | undefined): void;
}): React.JSX.Element {
  return (
    <label className="filter">
      {props.label}
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Filter bar; the text box applies after a short pause so typing does not query on every key. */
export function RunsFilters(props: {
  value: Filters;
  facets: RunFacets | null;
  onChange(next: Filters): void;
}): React.JSX.Element {
  const { value, facets, onChange } = props;
  const [text, setText] = useState(value.text ?? '');
  useEffect(() => {
    const t = setTimeout(
      () => (text || undefined) !== value.text && onChange({ ...value, text: text || undefined }),
      200,
    );
    return () => clearTimeout(t);
  }, [text, value, onChange]);
  return (
    <div className="runs-filters" role="search">
      <label className="filter grow">
        Search
        <input
          type="search"
          value={text}
          placeholder="name, tag, target or run id"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <Select
        label="Target"
        value={value.target}
        options={facets?.targets ?? []}
        onChange={(target) => onChange({ ...value, target })}
      />
      <Select
        label="Backend"
        value={value.backend}
        options={facets?.backends ?? []}
        onChange={(backend) => onChange({ ...value, backend })}
      />
      <Select
        label="Status"
        value={value.status}
        options={RunStatusSchema.options}
        onChange={(s) => onChange({ ...value, status: s as Filters['status'] })}
      />
      <Select
        label="Tag"
        value={value.tag}
        options={facets?.tags ?? []}
        onChange={(tag) => onChange({ ...value, tag })}
      />
      <label className="filter">
        Sort
        <select
          value={value.sort ?? 'created_desc'}
          onChange={(e) => onChange({ ...value, sort: e.target.value as Filters['sort'] })}
        >
          <option value="created_desc">newest first</option>
          <option value="created_asc">oldest first</option>
          <option value="name_asc">name</option>
        </select>
      </label>
      <label className="filter check">
        <input
          type="checkbox"
          checked={value.includeArchived ?? false}
          onChange={(e) => onChange({ ...value, includeArchived: e.target.checked || undefined })}
        />
        archived
      </label>
    </div>
  );
}
