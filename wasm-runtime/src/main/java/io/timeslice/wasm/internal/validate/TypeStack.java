package io.timeslice.wasm.internal.validate;

import static io.timeslice.wasm.internal.validate.FuncValidator.UNKNOWN;

import io.timeslice.wasm.internal.module.TypeCodes;
import java.util.Arrays;

/**
 * The two stacks of the specification's validation algorithm (its appendix), for the body being
 * validated: the operand stack of value types, and the control stack of frames — per open block its
 * kind, the operand height where it began, whether the rest of it is unreachable (then popping
 * below that height yields {@link FuncValidator#UNKNOWN}, the polymorphic stack), and its parameter
 * and result types. The two are one class because popping an operand reads the innermost frame.
 * Parallel arrays, grown as needed: nothing is allocated per instruction.
 */
final class TypeStack {
  private static final int LOOP = 0x03;

  /** The validator, for its errors, which carry the instruction's offset. */
  private final FuncValidator v;

  private int[] types = new int[64];
  int sp;

  int[] frameKind = new int[16];
  int[] frameHeight = new int[16];
  boolean[] frameUnreachable = new boolean[16];
  int[][] frameParams = new int[16][];
  int[][] frameResults = new int[16][];

  /** Per frame, the height of the validator's log of locals set when it began (local init). */
  int[] frameInit = new int[16];

  int depth;

  /** The height of the log of non-defaultable locals set so far (typed function references). */
  int initTop;

  TypeStack(FuncValidator validator) {
    this.v = validator;
  }

  void push(int type) {
    if (sp == types.length) {
      types = Arrays.copyOf(types, sp * 2);
    }
    types[sp++] = type;
  }

  void push(int[] types) {
    for (int t : types) {
      push(t);
    }
  }

  int pop() {
    if (sp == frameHeight[depth - 1]) {
      if (frameUnreachable[depth - 1]) {
        return UNKNOWN;
      }
      throw v.invalid("type mismatch: the stack is empty");
    }
    return types[--sp];
  }

  int pop(int expected) {
    int actual = pop();
    if (actual != UNKNOWN
        && expected != UNKNOWN
        && !TypeCodes.matches(v.module(), actual, expected)) {
      throw v.typeMismatch(expected, actual);
    }
    return actual == UNKNOWN ? expected : actual;
  }

  void pop(int[] types) {
    for (int i = types.length - 1; i >= 0; i--) {
      pop(types[i]);
    }
  }

  void unop(int in, int out) {
    pop(in);
    push(out);
  }

  void binop(int in, int out) {
    pop(in);
    pop(in);
    push(out);
  }

  void pushFrame(int kind, int[] params, int[] results) {
    if (depth == frameKind.length) {
      int n = depth * 2;
      frameKind = Arrays.copyOf(frameKind, n);
      frameHeight = Arrays.copyOf(frameHeight, n);
      frameUnreachable = Arrays.copyOf(frameUnreachable, n);
      frameParams = Arrays.copyOf(frameParams, n);
      frameResults = Arrays.copyOf(frameResults, n);
      frameInit = Arrays.copyOf(frameInit, n);
    }
    frameInit[depth] = initTop;
    frameKind[depth] = kind;
    frameHeight[depth] = sp;
    frameUnreachable[depth] = false;
    frameParams[depth] = params;
    frameResults[depth] = results;
    depth++;
    push(params);
  }

  int[] popFrameResults() {
    int top = depth - 1;
    pop(frameResults[top]);
    if (sp != frameHeight[top]) {
      throw v.invalid("type mismatch: values remain on the stack at the end of a block");
    }
    return frameResults[top];
  }

  int[] labelTypes(int frame) {
    return frameKind[frame] == LOOP ? frameParams[frame] : frameResults[frame];
  }

  int labelFrame(int relativeDepth) {
    if (Integer.compareUnsigned(relativeDepth, depth) >= 0) {
      throw v.invalid("unknown label " + Integer.toUnsignedString(relativeDepth));
    }
    return depth - 1 - relativeDepth;
  }

  void setUnreachable() {
    sp = frameHeight[depth - 1];
    frameUnreachable[depth - 1] = true;
  }
}
