/**
 * How each series of a chart is told apart: by colour, and also by a dash pattern and a point
 * shape, so that nobody has to tell colours apart to read it. Colour and dash come from the class
 * `mark-<series>` (see ChartFrame); the shape is chosen here.
 */
export type Shape = 'circle' | 'square' | 'diamond';

const SHAPES: readonly Shape[] = ['circle', 'square', 'diamond'];

/** The point shape of series `index`. */
export const shapeOf = (index: number): Shape => SHAPES[index % SHAPES.length]!;

/** How many series have a look of their own; more would repeat one. */
export const MARKS = SHAPES.length;
