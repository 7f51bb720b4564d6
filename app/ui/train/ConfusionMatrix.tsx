import { useState } from 'react';

import type { ScoredSet, TrainingClass } from '../../stores/training';
import { useThumbnail } from '../dataset/thumbnail_urls';

function Thumbnail({ id, name }: { id: string; name: string }) {
  const url = useThumbnail(id);
  return url ? (
    <img className="confusion__thumb" src={url} alt={name} />
  ) : (
    <span className="confusion__thumb" />
  );
}

interface MatrixProps {
  scored: ScoredSet;
  classes: TrainingClass[];
  onRelabel(imageId: string, classId: string): void;
}

/**
 * Rows are true classes, columns predicted ones. Clicking a cell lists its images with
 * their predicted and true class, and a menu to correct the label on the spot.
 */
export function ConfusionMatrix({ scored, classes, onRelabel }: MatrixProps) {
  const [cell, setCell] = useState<[number, number] | null>(null);
  const { evaluation, predicted, confidence } = scored.report;
  const selected = cell ? evaluation.cells[cell[0]][cell[1]] : [];

  return (
    <div className="confusion">
      <p className="hint">
        Rows are the labelled class, columns the predicted one; click a count to see its
        images and correct a label.
      </p>
      <table className="confusion__table" data-testid="confusion-matrix">
        <thead>
          <tr>
            <th scope="col">true \ predicted</th>
            {scored.labels.map((label) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {evaluation.confusion.map((row, t) => (
            <tr key={t}>
              <th scope="row">{scored.labels[t]}</th>
              {row.map((count, p) => (
                <td
                  key={p}
                  className={
                    t === p
                      ? 'confusion__diagonal'
                      : count > 0
                        ? 'confusion__error'
                        : undefined
                  }
                >
                  <button
                    type="button"
                    disabled={count === 0}
                    data-testid={`cell-${t}-${p}`}
                    aria-pressed={cell?.[0] === t && cell?.[1] === p}
                    onClick={() => setCell([t, p])}
                  >
                    {count}
                  </button>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>

      {cell && (
        <ul className="confusion__images" data-testid="cell-images">
          {selected.map((index) => {
            const image = scored.images[index];
            return (
              <li
                key={image.id}
                data-image-id={image.id}
                data-image-name={image.name}
                data-predicted={scored.labels[predicted[index]]}
                data-labelled={scored.labels[cell[0]]}
              >
                <Thumbnail id={image.id} name={image.name} />
                <span className="confusion__name">{image.name}</span>
                <span>
                  predicted{' '}
                  <strong data-testid="cell-image-predicted">
                    {scored.labels[predicted[index]]}
                  </strong>{' '}
                  ({(confidence[index] * 100).toFixed(0)}%), labelled{' '}
                  <strong data-testid="cell-image-labelled">
                    {scored.labels[cell[0]]}
                  </strong>
                </span>
                <label>
                  label as{' '}
                  <select
                    value={image.classId}
                    onChange={(event) => onRelabel(image.id, event.target.value)}
                  >
                    {classes.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </label>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
