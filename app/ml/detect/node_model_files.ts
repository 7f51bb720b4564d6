import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

import type { LoadedGraph } from '../graph';
import { loadGraphModelFromFiles } from '../graph_model';

/**
 * Node only: loads a tfjs graph model from disk, `model.json` and the weight files it
 * names beside it, onto the active backend. For tests and scripts; the app gets its
 * files from the user or over HTTP.
 */
export async function readGraphModel(modelJsonPath: string): Promise<LoadedGraph> {
  const text = await readFile(modelJsonPath, 'utf8');
  const json = JSON.parse(text) as { weightsManifest?: { paths: string[] }[] };
  const paths = (json.weightsManifest ?? []).flatMap((group) => group.paths);

  const weightFiles = new Map<string, ArrayBuffer>();
  for (const path of paths) {
    const bytes = await readFile(resolve(dirname(modelJsonPath), path));
    weightFiles.set(
      path,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
    );
  }
  return loadGraphModelFromFiles(json, weightFiles);
}
