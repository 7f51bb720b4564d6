import { useEffect, useState, type ReactNode } from 'react';
import { useStudio } from '../stores/studio';
import { BenchPanel } from './bench/BenchPanel';
import { ClassifyPanel } from './ClassifyPanel';
import { DatasetPanel } from './dataset/DatasetPanel';
import { DetectPage } from './detect/DetectPage';
import { Header } from './Header';
import { ModelPanel } from './ModelPanel';
import { TrainPanel } from './train/TrainPanel';

/** The studio's sections, in the order a user works through them. */
const TABS: { id: string; title: string; render: () => ReactNode }[] = [
  {
    id: 'model',
    title: 'Model',
    render: () => (
      <div className="panel-grid">
        <ModelPanel />
        <ClassifyPanel />
      </div>
    ),
  },
  { id: 'dataset', title: 'Dataset', render: () => <DatasetPanel /> },
  { id: 'train', title: 'Train', render: () => <TrainPanel /> },
  { id: 'detect', title: 'Detect', render: () => <DetectPage /> },
  { id: 'benchmark', title: 'Benchmark', render: () => <BenchPanel /> },
];

function tabFromHash(): string {
  const id = location.hash.replace(/^#/, '');
  return TABS.some((tab) => tab.id === id) ? id : TABS[0].id;
}

let started = false;

export function App() {
  const [tab, setTab] = useState(tabFromHash);

  useEffect(() => {
    const onHashChange = () => setTab(tabFromHash());
    addEventListener('hashchange', onHashChange);
    if (!started) {
      started = true;
      void useStudio.getState().start();
    }
    return () => removeEventListener('hashchange', onHashChange);
  }, []);

  const current = TABS.find((candidate) => candidate.id === tab) ?? TABS[0];
  return (
    <div className="app">
      <Header />
      <nav className="tabs" role="tablist" aria-label="Studio sections">
        {TABS.map(({ id, title }) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={id === current.id}
            data-testid={`tab-${id}`}
            onClick={() => {
              location.hash = id;
            }}
          >
            {title}
          </button>
        ))}
      </nav>
      <main className="main" role="tabpanel" aria-label={current.title}>
        {current.render()}
      </main>
    </div>
  );
}
