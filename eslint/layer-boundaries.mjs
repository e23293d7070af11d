/**
 * A local ESLint rule for the project's layers: an import (static, re-export or dynamic) is
 * resolved against the importing file, and refused when the layer the file is in may not use the
 * folder it points to. Options: `[{ root, layers: [{ from, forbid?, allowOnly?, message }] }]`,
 * with folders relative to `root` (e.g. `electron/engine`). Package imports are not checked here.
 */
import path from 'node:path';

const inFolder = (file, folder) => file === folder || file.startsWith(`${folder}/`);

export const layerBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'keep each layer to the folders it may import' },
    schema: [{ type: 'object', additionalProperties: true }],
    messages: { refused: '{{file}} may not import {{target}}: {{why}}' },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const mine = layers.filter((layer) => inFolder(file, layer.from));
    if (mine.length === 0) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source.value)).split(path.sep).join('/');
      for (const layer of mine) {
        const forbidden = (layer.forbid ?? []).some((folder) => inFolder(target, folder));
        const outside = layer.allowOnly !== undefined && !layer.allowOnly.some((folder) => inFolder(target, folder));
        if (forbidden || outside) {
          context.report({ node, messageId: 'refused', data: { file, target, why: layer.message } });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : undefined),
    };
  },
};

export default { rules: { 'layer-boundaries': layerBoundaries } };
