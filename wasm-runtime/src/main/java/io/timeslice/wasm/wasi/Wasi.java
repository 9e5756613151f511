package io.timeslice.wasm.wasi;

import io.timeslice.wasm.Caller;
import io.timeslice.wasm.FuncType;
import io.timeslice.wasm.Linker;
import io.timeslice.wasm.Memory;
import io.timeslice.wasm.Trap;
import io.timeslice.wasm.ValType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code wasi_snapshot_preview1} as host functions on a {@link Linker}: a sandbox with stdin from
 * the host, captured and capped stdout and stderr, arguments and environment from {@link
 * WasiConfig} only, clocks, randomness, {@code sched_yield} and sleeping {@code poll_oneoff} as
 * host yields of a resumable call. There is no filesystem and there are no sockets: every other
 * function exists and returns the errno a program expects (EBADF for descriptors that do not exist,
 * ENOSYS for what no sandboxed job may do). A pointer outside memory gives EFAULT.
 */
public final class Wasi {
  /** The module name programs import from. */
  public static final String MODULE = "wasi_snapshot_preview1";

  static final int SUCCESS = 0;
  static final int EBADF = 8;
  static final int EFAULT = 21;
  static final int EINVAL = 28;
  static final int ENOSYS = 52;
  static final int ESPIPE = 70;
  static final int ENOTSUP = 58;

  /** The exit code of a program stopped at an output cap. */
  public static final int OUTPUT_LIMIT_EXIT_CODE = 120;

  /** The reason of a {@link io.timeslice.wasm.ResumableCall.HostYield} for {@code sched_yield}. */
  public record SchedYield() {}

  private Wasi() {}

  /**
   * Runs a WASI command: calls its {@code _start} to completion and returns the exit code, 0 when
   * {@code _start} returns, the program's when it calls {@code proc_exit}.
   *
   * @throws io.timeslice.wasm.Trap when the program traps
   * @throws IllegalArgumentException when the instance has no {@code _start}
   */
  public static int runCommand(
      io.timeslice.wasm.Store<?> store, io.timeslice.wasm.Instance instance) {
    try {
      instance.func("_start").call(store);
      return 0;
    } catch (WasiExit exit) {
      return exit.exitCode();
    }
  }

  private interface Body<T> {
    int call(Caller<T> caller, WasiContext wasi, Memory memory, long[] args);
  }

  private static FuncType signature(String params, String results) {
    return new FuncType(types(params), types(results));
  }

  private static List<ValType> types(String letters) {
    List<ValType> out = new ArrayList<>();
    for (char c : letters.toCharArray()) {
      out.add(c == 'I' ? ValType.I64 : ValType.I32);
    }
    return out;
  }

  /**
   * Defines every {@code wasi_snapshot_preview1} function on {@code linker}; {@code context} finds
   * the program's {@link WasiContext} in the store's data.
   */
  public static <T extends @Nullable Object> void define(
      Linker<T> linker, Function<T, WasiContext> context) {
    Defs<T> d = new Defs<>(linker, context);
    d.def("args_get", "ii", (c, w, m, a) -> strings(m, w.config().args(), a[0], a[1]));
    d.def("args_sizes_get", "ii", (c, w, m, a) -> sizes(m, w.config().args(), a[0], a[1]));
    d.def("environ_get", "ii", (c, w, m, a) -> strings(m, environ(w), a[0], a[1]));
    d.def("environ_sizes_get", "ii", (c, w, m, a) -> sizes(m, environ(w), a[0], a[1]));
    d.def("clock_res_get", "ii", (c, w, m, a) -> clockRes(m, a));
    d.def("clock_time_get", "iIi", (c, w, m, a) -> clockTime(c, w, m, a));
    d.def("fd_write", "iiii", (c, w, m, a) -> fdWrite(w, m, a));
    d.def("fd_read", "iiii", (c, w, m, a) -> fdRead(w, m, a));
    d.def("fd_close", "i", (c, w, m, a) -> fdClose(w, a));
    d.def("fd_seek", "iIii", (c, w, m, a) -> w.isOpen((int) a[0]) ? ESPIPE : EBADF);
    d.def("fd_tell", "ii", (c, w, m, a) -> w.isOpen((int) a[0]) ? ESPIPE : EBADF);
    d.def("fd_fdstat_get", "ii", (c, w, m, a) -> fdstat(w, m, a));
    d.def("fd_filestat_get", "ii", (c, w, m, a) -> filestat(w, m, a));
    d.def("fd_prestat_get", "ii", (c, w, m, a) -> EBADF);
    d.def("fd_prestat_dir_name", "iii", (c, w, m, a) -> EBADF);
    d.def(
        "proc_exit",
        "i",
        "",
        (c, w, m, a) -> {
          throw new WasiExit((int) a[0], WasiExit.Reason.EXIT);
        });
    d.def("random_get", "ii", (c, w, m, a) -> randomGet(w, m, a));
    d.def("poll_oneoff", "iiii", (c, w, m, a) -> Poll.pollOneoff(c, w, m, a));
    // Descriptors other than 0-2 do not exist: no files, no directories, no sockets.
    d.def("fd_advise", "iIIi", (c, w, m, a) -> badfOr(w, a, ESPIPE));
    d.def("fd_allocate", "iII", (c, w, m, a) -> badfOr(w, a, EINVAL));
    d.def("fd_datasync", "i", (c, w, m, a) -> badfOr(w, a, EINVAL));
    d.def("fd_sync", "i", (c, w, m, a) -> badfOr(w, a, EINVAL));
    d.def("fd_fdstat_set_flags", "ii", (c, w, m, a) -> badfOr(w, a, ENOTSUP));
    d.def("fd_fdstat_set_rights", "iII", (c, w, m, a) -> badfOr(w, a, ENOTSUP));
    d.def("fd_filestat_set_size", "iI", (c, w, m, a) -> badfOr(w, a, EINVAL));
    d.def("fd_filestat_set_times", "iIIi", (c, w, m, a) -> badfOr(w, a, ENOTSUP));
    d.def("fd_pread", "iiiIi", (c, w, m, a) -> badfOr(w, a, ESPIPE));
    d.def("fd_pwrite", "iiiIi", (c, w, m, a) -> badfOr(w, a, ESPIPE));
    d.def("fd_readdir", "iiiIi", (c, w, m, a) -> badfOr(w, a, ENOTSUP));
    d.def("fd_renumber", "ii", (c, w, m, a) -> badfOr(w, a, ENOTSUP));
    d.def("path_create_directory", "iii", (c, w, m, a) -> EBADF);
    d.def("path_filestat_get", "iiiii", (c, w, m, a) -> EBADF);
    d.def("path_filestat_set_times", "iiiiIIi", (c, w, m, a) -> EBADF);
    d.def("path_link", "iiiiiii", (c, w, m, a) -> EBADF);
    d.def("path_open", "iiiiiIIii", (c, w, m, a) -> EBADF);
    d.def("path_readlink", "iiiiii", (c, w, m, a) -> EBADF);
    d.def("path_remove_directory", "iii", (c, w, m, a) -> EBADF);
    d.def("path_rename", "iiiiii", (c, w, m, a) -> EBADF);
    d.def("path_symlink", "iiiii", (c, w, m, a) -> EBADF);
    d.def("path_unlink_file", "iii", (c, w, m, a) -> EBADF);
    d.def("proc_raise", "i", (c, w, m, a) -> ENOSYS);
    d.def("sock_accept", "iii", (c, w, m, a) -> EBADF);
    d.def("sock_recv", "iiiiii", (c, w, m, a) -> EBADF);
    d.def("sock_send", "iiiii", (c, w, m, a) -> EBADF);
    d.def("sock_shutdown", "ii", (c, w, m, a) -> EBADF);
    linker.func(
        MODULE,
        "sched_yield",
        signature("", "i"),
        (caller, args) ->
            caller.canYield() ? caller.yield(new SchedYield()) : new long[] {SUCCESS});
  }

  /** Registers functions, wrapping each so that a bad pointer gives EFAULT instead of a trap. */
  private record Defs<T>(Linker<T> linker, Function<T, WasiContext> context) {
    void def(String name, String params, Body<T> body) {
      def(name, params, "i", body);
    }

    void def(String name, String params, String results, Body<T> body) {
      linker.func(
          MODULE,
          name,
          signature(params, results),
          (caller, args) -> {
            WasiContext wasi = context.apply(caller.data());
            int errno;
            try {
              errno = body.call(caller, wasi, caller.memory(), args);
            } catch (Trap outOfBounds) {
              errno = EFAULT;
            }
            if (errno == Poll.YIELDED) {
              return caller.yield(wasi.pendingYield());
            }
            return results.isEmpty() ? new long[0] : new long[] {errno};
          });
    }
  }

  private static int badfOr(WasiContext w, long[] a, int errno) {
    return w.isOpen((int) a[0]) ? errno : EBADF;
  }

  private static List<String> environ(WasiContext w) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(w.config().env()).entrySet()) {
      out.add(e.getKey() + "=" + e.getValue());
    }
    return out;
  }

  private static int strings(Memory m, List<String> values, long pointers, long buffer) {
    long at = buffer;
    for (int i = 0; i < values.size(); i++) {
      byte[] bytes = values.get(i).getBytes(StandardCharsets.UTF_8);
      m.writeInt(pointers + 4L * i, (int) at);
      m.write(at, bytes);
      m.write(at + bytes.length, new byte[] {0});
      at += bytes.length + 1;
    }
    return SUCCESS;
  }

  private static int sizes(Memory m, List<String> values, long countPtr, long sizePtr) {
    int size = 0;
    for (String v : values) {
      size += v.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    m.writeInt(countPtr, values.size());
    m.writeInt(sizePtr, size);
    return SUCCESS;
  }

  private static int clockRes(Memory m, long[] a) {
    if (a[0] < 0 || a[0] > 3) {
      return EINVAL;
    }
    m.writeLong(a[1], 1_000);
    return SUCCESS;
  }

  private static <T> int clockTime(Caller<T> c, WasiContext w, Memory m, long[] a) {
    long nanos =
        switch ((int) a[0]) {
          case 0 -> w.realtimeNanos(c.store());
          case 1, 2, 3 -> w.monotonicNanos(c.store());
          default -> -1;
        };
    if (nanos < 0) {
      return EINVAL;
    }
    m.writeLong(a[2], nanos);
    return SUCCESS;
  }

  private static int fdWrite(WasiContext w, Memory m, long[] a) {
    int fd = (int) a[0];
    if (fd != 1 && fd != 2 || !w.isOpen(fd)) {
      return EBADF;
    }
    long written = 0;
    boolean fitted = true;
    for (int i = 0; i < (int) a[2]; i++) {
      long iov = a[1] + 8L * i;
      int ptr = m.readInt(iov);
      int len = m.readInt(iov + 4);
      byte[] data = m.read(Integer.toUnsignedLong(ptr), len);
      fitted &= w.output(fd).write(data);
      written += len;
    }
    if (!fitted && w.config().stopAtOutputCap()) {
      throw new WasiExit(OUTPUT_LIMIT_EXIT_CODE, WasiExit.Reason.OUTPUT_LIMIT);
    }
    // Dropped bytes count as written: the program carries on as if the output went somewhere.
    m.writeInt(a[3], (int) written);
    return SUCCESS;
  }

  private static int fdRead(WasiContext w, Memory m, long[] a) {
    if (a[0] != 0 || !w.isOpen(0)) {
      return EBADF;
    }
    long read = 0;
    for (int i = 0; i < (int) a[2]; i++) {
      long iov = a[1] + 8L * i;
      int ptr = m.readInt(iov);
      int len = m.readInt(iov + 4);
      byte[] data = w.readStdin(len);
      m.write(Integer.toUnsignedLong(ptr), data);
      read += data.length;
      if (data.length < len) {
        break;
      }
    }
    m.writeInt(a[3], (int) read);
    return SUCCESS;
  }

  private static int fdClose(WasiContext w, long[] a) {
    if (!w.isOpen((int) a[0])) {
      return EBADF;
    }
    w.close((int) a[0]);
    return SUCCESS;
  }

  private static int fdstat(WasiContext w, Memory m, long[] a) {
    int fd = (int) a[0];
    if (!w.isOpen(fd)) {
      return EBADF;
    }
    long p = a[1];
    m.write(p, new byte[24]);
    m.write(p, new byte[] {2}); // a character device
    // Rights: fd_read (bit 1) for stdin; fd_write (bit 6) for stdout and stderr.
    m.writeLong(p + 8, fd == 0 ? 1L << 1 : 1L << 6);
    return SUCCESS;
  }

  private static int filestat(WasiContext w, Memory m, long[] a) {
    if (!w.isOpen((int) a[0])) {
      return EBADF;
    }
    m.write(a[1], new byte[64]);
    m.write(a[1] + 16, new byte[] {2});
    return SUCCESS;
  }

  private static int randomGet(WasiContext w, Memory m, long[] a) {
    int len = (int) a[1];
    if (len < 0) {
      return EINVAL;
    }
    byte[] bytes = new byte[len];
    w.randomBytes(bytes);
    m.write(a[0], bytes);
    return SUCCESS;
  }
}
