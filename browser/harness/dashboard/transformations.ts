/** A panel's saved transformations applied with @grafana/data's own transformers, as Grafana does. */
import { lastValueFrom } from 'rxjs';
import { standardTransformers, standardTransformersRegistry, transformDataFrame, type DataFrame, type DataTransformerConfig } from '@grafana/data';

let registered = false;

/** Grafana's app registers its transformers at start; the harness registers @grafana/data's standard ones. */
function registerStandardTransformers(): void {
  if (registered) return;
  registered = true;
  // The same transformer may be listed under two names (seriesToColumns is joinByField): once each.
  const unique = [...new Map(Object.values(standardTransformers).map((t) => [t.id, t])).values()];
  standardTransformersRegistry.setInit(() => unique.map((transformation) => ({
    id: transformation.id, aliasIds: transformation.aliasIds, name: transformation.name, description: transformation.description,
    transformation, editor: () => null, imageDark: '', imageLight: '',
  })));
}

export function applyTransformations(frames: DataFrame[], transformations: DataTransformerConfig[] = []): Promise<DataFrame[]> {
  if (!transformations.length) return Promise.resolve(frames);
  registerStandardTransformers();
  return lastValueFrom(transformDataFrame(transformations, frames));
}
