import { useEffect } from 'react';
import { useStudio } from '../stores/studio';
import { ClassifyPanel } from './ClassifyPanel';
import { DatasetPanel } from './dataset/DatasetPanel';
import { Header } from './Header';
import { ModelPanel } from './ModelPanel';

let started = false;

export function App() {
  useEffect(() => {
    if (started) return;
    started = true;
    void useStudio.getState().start();
  }, []);

  return (
    <div className="app">
      <Header />
      <main className="main">
        <ModelPanel />
        <ClassifyPanel />
      </main>
      <DatasetPanel />
    </div>
  );
}
