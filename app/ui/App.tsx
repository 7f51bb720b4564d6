import { useEffect } from 'react';
import { useStudio } from '../stores/studio';
import { BenchPanel } from './bench/BenchPanel';
import { ClassifyPanel } from './ClassifyPanel';
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
        <BenchPanel />
      </main>
    </div>
  );
}
