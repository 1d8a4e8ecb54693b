/**
 * Within a segment the integrator is also restarted (from the last state and step size, like
 * a segment start) every this many accepted steps counted from the segment's start, so that a
 * segment of m·restartSteps steps is integrated exactly like m segments of restartSteps.
 */
export const restartSteps = 200
