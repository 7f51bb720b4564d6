import { useMemo } from 'react';
import { useDataset } from '../../stores/dataset';
import { ClassBucket } from './ClassBucket';

/** The project's classes as buckets, numbered for the digit keys, and a way to add one. */
export function ClassList() {
  const classes = useDataset((s) => s.classes);
  const images = useDataset((s) => s.images);
  const selectedClassId = useDataset((s) => s.selectedClassId);
  const addClass = useDataset((s) => s.addClass);
  const counts = useMemo(() => {
    const byClass = new Map<string, number>();
    for (const image of images)
      byClass.set(image.classId, (byClass.get(image.classId) ?? 0) + 1);
    return byClass;
  }, [images]);

  return (
    <div className="ds-classes">
      <h3>
        Classes <span data-testid="class-total">{classes.length}</span>
      </h3>
      <ul className="ds-buckets" data-testid="class-list">
        {classes.map((item, index) => (
          <ClassBucket
            key={item.id}
            item={item}
            number={index + 1}
            count={counts.get(item.id) ?? 0}
            selected={item.id === selectedClassId}
          />
        ))}
      </ul>
      <button
        type="button"
        className="primary"
        data-testid="class-add"
        onClick={() => void addClass()}
      >
        Add class
      </button>
    </div>
  );
}
