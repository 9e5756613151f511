package io.timeslice.core;

import io.timeslice.scheduler.durable.JobRejectedException;
import io.timeslice.scheduler.durable.QuotaExceededException;
import io.timeslice.storage.IdempotencyConflictException;
import io.timeslice.storage.StorageException;
import io.timeslice.wasm.InvalidModuleException;
import io.timeslice.wasm.MalformedModuleException;
import io.timeslice.wasm.MalformedTextException;
import io.timeslice.wasm.WasmException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The facade's edge: what the layers below throw becomes a {@link Refused}, so that callers of the
 * core (the API) see one kind of refusal and no type of the layers below.
 */
public final class Boundary {
  private Boundary() {}

  /** Runs {@code work}, translating the refusals of the layers below. */
  public static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (IdempotencyConflictException e) {
      throw new Refused(
          Refused.Reason.KEY_REUSED,
          "the Idempotency-Key was already used for a different request");
    } catch (StorageException e) {
      throw new Refused(Refused.Reason.UNAVAILABLE, "the job database is unavailable; try again");
    } catch (QuotaExceededException e) {
      throw new Refused(
          Refused.Reason.QUOTA,
          null,
          e.getMessage(),
          Map.of(
              "quota",
              e.quota(),
              "limit",
              e.limit(),
              "retryAfterSeconds",
              Math.max(1, e.retryAfter().toSeconds())));
    } catch (JobRejectedException e) {
      throw Refused.invalid(e.getMessage());
    } catch (MalformedTextException e) {
      throw new Refused(
          Refused.Reason.INVALID,
          "Malformed module text",
          e.getMessage(),
          Map.of("line", e.line(), "column", e.column()));
    } catch (MalformedModuleException e) {
      throw module("Malformed module", e.getMessage(), e.offset());
    } catch (InvalidModuleException e) {
      throw module("Invalid module", e.getMessage(), e.offset());
    } catch (WasmException e) {
      throw new Refused(Refused.Reason.INVALID, "Unsupported module", e.getMessage(), Map.of());
    }
  }

  /** Runs {@code work}, translating as {@link #call(Supplier)} does. */
  public static void run(Runnable work) {
    call(
        () -> {
          work.run();
          return null;
        });
  }

  private static Refused module(String title, String detail, long offset) {
    return new Refused(Refused.Reason.INVALID, title, detail, Map.of("offset", offset));
  }
}
