import { describe, expect, it } from 'vitest';
import type { GraphView } from '../../../../shared/contract';
import { ancestorModules, baseTensor, collapseGraph } from './graph-model';

const view: GraphView = {
  nodes: [
    { id: 'input:x', name: 'x', opType: 'Input', outputs: ['x'], module: null },
    { id: 'n0', name: '/model.0/conv/Conv', opType: 'Conv', outputs: ['a'], module: '/model.0/conv' },
    { id: 'n1', name: '/model.0/act/Sigmoid', opType: 'Sigmoid', outputs: ['b'], module: '/model.0/act' },
    { id: 'n2', name: '/model.1/Add', opType: 'Add', outputs: ['c'], module: '/model.1' },
  ],
  edges: [
    { source: 'input:x', target: 'n0', tensor: 'x' },
    { source: 'n0', target: 'n1', tensor: 'a' },
    { source: 'n1', target: 'n2', tensor: 'b' },
    { source: 'n0', target: 'n2', tensor: 'a' },
  ],
};

describe('collapseGraph', () => {
  it('cuts module paths at a depth', () => {
    expect(ancestorModules('/model.22/cv2.0/conv', 1)).toEqual(['/model.22']);
    expect(ancestorModules('/model.22/cv2.0/conv', 2)).toEqual(['/model.22', '/model.22/cv2.0']);
    expect(ancestorModules('/model.1', 2)).toEqual(['/model.1']);
    expect(ancestorModules(null, 1)).toEqual([]);
    expect(ancestorModules('/model.1', 0)).toEqual([]);
  });

  it('groups nodes by module, merges edges, and keeps expanded modules open', () => {
    const collapsed = collapseGraph(view, 1, new Set());
    expect(collapsed.nodes.map((n) => n.id)).toEqual(['input:x', 'group:/model.0', 'group:/model.1']);
    expect(collapsed.nodes[1]).toMatchObject({ tensors: ['a', 'b'], group: { size: 2 } });
    expect(collapsed.edges.map((e) => e.id)).toEqual(['input:x->group:/model.0', 'group:/model.0->group:/model.1']);
    const open = collapseGraph(view, 1, new Set(['/model.0']));
    expect(open.nodes.map((n) => n.id)).toEqual(['input:x', 'n0', 'n1', 'group:/model.1']);
    expect(collapseGraph(view, 0, new Set()).nodes).toHaveLength(4);
  });

  it('nests groups: an expanded module shows its sub-modules as groups, and its own nodes', () => {
    expect(collapseGraph(view, 2, new Set()).nodes.map((n) => n.id)).toEqual([
      'input:x',
      'group:/model.0',
      'group:/model.1',
    ]);
    const outer = collapseGraph(view, 2, new Set(['/model.0', '/model.1']));
    expect(outer.nodes.map((n) => n.id)).toEqual(['input:x', 'group:/model.0/conv', 'group:/model.0/act', 'n2']);
    expect(outer.edges.map((e) => e.id)).toContain('group:/model.0/conv->group:/model.0/act');
    // An inner module open inside a closed outer one stays hidden in the outer group.
    const inner = collapseGraph(view, 2, new Set(['/model.0/conv']));
    expect(inner.nodes.map((n) => n.id)).toEqual(['input:x', 'group:/model.0', 'group:/model.1']);
    const both = collapseGraph(view, 2, new Set(['/model.0', '/model.0/conv']));
    expect(both.nodes.map((n) => n.id)).toEqual(['input:x', 'n0', 'group:/model.0/act', 'group:/model.1']);
  });

  it('finds the node of a Concat slice row through its base tensor', () => {
    expect(baseTensor('output0[1:/detect/Sigmoid_output_0]')).toBe('output0');
    expect(baseTensor('/detect/Mul_2_output_0')).toBe('/detect/Mul_2_output_0');
    expect(baseTensor('[odd]')).toBe('[odd]');
  });
});
