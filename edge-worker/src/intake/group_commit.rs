//! Group commit: submissions that reach one isolate while its D1 write is in flight are written
//! together in the next D1 batch (one transaction, in the order they arrived), and each is answered
//! only after the batch that holds it committed — "acknowledged" still means "stored". A batch
//! that fails is written again one submission at a time, so one bad write never fails its
//! neighbours. Idempotency and the visitor/page upsert need nothing new: the submissions run in
//! arrival order inside the batch, so two answers of one visitor end as the later. When no two
//! answers of a batch share a key or a page and visitor, their upserts are one statement (D1
//! compiles each statement it runs, and compiling the upsert costs far more than running it),
//! followed by each answer's deliveries and burst check; otherwise each submission's statements
//! follow the previous one's.
//!
//! Every request waits on a JavaScript promise it created itself: workerd resumes a promise's
//! continuations in the context of the request that awaits it, so each request writes and answers
//! from its own context. When a batch has committed, every request still waiting is woken and the
//! first to run writes the next batch; a request whose client went away is simply never the one.
//! A request that has waited [`PATIENCE_MS`] without any batch committing (its writer was cancelled)
//! writes its own statements alone: they are idempotent, so a write that did land is not repeated.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use worker::wasm_bindgen_futures::JsFuture;
use worker::D1Database;

use crate::api_error::ApiError;
use crate::store::deliveries::Job;
use crate::store::feedback::{self, Pending, Stored};

/// How long a request waits for batches to commit before it writes alone: D1's own limit on a
/// query, so a slow batch is not mistaken for a lost one.
pub const PATIENCE_MS: f64 = 30_000.0;

/// What a member's write came to: the upsert's row (`None`: it changed nothing) and the deliveries
/// it wrote, to be queued.
pub type Written = (Option<Stored>, Vec<Job>);

/// How many answers one upsert statement takes at most: its JSON array is one bound value, which
/// D1 allows up to 2 MB, and a submission's body is at most 8 KiB (`MAX_BODY_BYTES`).
const ANSWERS_PER_UPSERT: usize = 50;

/// One request's submission, waiting for a batch.
struct Member {
    id: u64,
    pending: Pending,
}

/// The isolate's group: whether a batch is being written, how many have committed, how many
/// answers are on their way to a write, who waits for the next one, and the results waiting to be
/// picked up.
#[derive(Default)]
struct Group {
    writing: bool,
    /// Answers on their way, by arrival number: when each came in (ms since 1970).
    arriving: HashMap<u64, f64>,
    next_arrival: u64,
    committed: u64,
    next_id: u64,
    waiting: Vec<Member>,
    wake: HashMap<u64, Function>,
    outcomes: HashMap<u64, Result<Written, String>>,
    /// How many answers the last batch held: under a steady load about as many come in while a
    /// batch commits, so the next writer waits a moment until as many are waiting.
    last_batch: usize,
}

thread_local! {
    static GROUP: RefCell<Group> = RefCell::new(Group::default());
}

/// What a woken request does next.
enum Next {
    /// Its batch committed (or failed): here is its outcome.
    Done(Result<Written, String>),
    /// Nobody is writing: it writes the waiting batch.
    Lead,
    /// Its writer is gone: it writes its own statements alone.
    Alone,
    /// Someone else writes the batch it is in; it waits again.
    Wait,
}

/// How long the writer of a batch waits, at most, for more answers to join it: a batch costs one D1
/// round trip however many answers it holds. It waits while an answer is being checked in this
/// isolate, or while fewer answers wait than the last batch held (when that was more than one):
/// answers are coming faster than batches commit. Under the throughput benchmark's load that
/// doubled the answers per batch (about 4 to 8) and shortened p99. An isolate that answers one
/// visitor at a time never waits.
pub const GATHER_MS: f64 = 4.0;

/// An answer on its way to a write: counted from when its request came in until it joins a batch
/// (or is refused), so a batch's writer knows whether waiting a moment gathers more.
pub struct Arrival(Option<u64>);

/// How long an answer counts as on its way: checking one takes milliseconds, so one still "on its
/// way" after this belongs to a request workerd stopped running without dropping it (its client
/// went away), and no writer should wait for it.
pub const ARRIVING_AT_MOST_MS: f64 = 1_000.0;

impl Arrival {
    /// Counts one more answer on its way.
    pub fn new() -> Self {
        let now = js_sys::Date::now();
        GROUP.with_borrow_mut(|group| {
            group.next_arrival += 1;
            group.arriving.insert(group.next_arrival, now);
            Self(Some(group.next_arrival))
        })
    }

    fn arrived(&mut self) {
        if let Some(number) = self.0.take() {
            GROUP.with_borrow_mut(|group| group.arriving.remove(&number));
        }
    }
}

/// Whether fewer answers wait for the next batch than the last one held, and that held several.
fn fewer_than_last_batch() -> bool {
    GROUP.with_borrow(|group| group.last_batch > 1 && group.waiting.len() < group.last_batch)
}

/// Whether an answer is on its way now; forgets those on their way too long to be still coming.
fn anyone_arriving() -> bool {
    let now = js_sys::Date::now();
    GROUP.with_borrow_mut(|group| {
        group
            .arriving
            .retain(|_, since| now - *since < ARRIVING_AT_MOST_MS);
        !group.arriving.is_empty()
    })
}

impl Drop for Arrival {
    fn drop(&mut self) {
        self.arrived();
    }
}

/// Writes `pending` (one submission, all or nothing) in the isolate's next D1 batch and answers what
/// it came to once that batch committed.
pub async fn write(
    db: &D1Database,
    pending: Pending,
    arrival: Arrival,
) -> Result<Written, ApiError> {
    let own = pending.clone();
    if let Some(outcome) = in_a_batch(db, pending, arrival).await {
        return outcome.map_err(ApiError::Internal);
    }
    // Its writer is gone, or took it into a batch and was cancelled: written alone after all.
    let member = Member {
        id: 0,
        pending: own,
    };
    match one_after_another(db, std::slice::from_ref(&member)).await {
        Ok(mut outcomes) => match outcomes.pop() {
            Some((_, outcome)) => outcome.map_err(ApiError::Internal),
            None => Err(ApiError::internal("D1 answered no outcome for a write")),
        },
        Err(error) => Err(ApiError::Internal(error)),
    }
}

/// [`write`] in the isolate's next batch: its outcome, or `None` when it must be written alone.
async fn in_a_batch(
    db: &D1Database,
    pending: Pending,
    mut arrival: Arrival,
) -> Option<Result<Written, String>> {
    arrival.arrived();
    let (id, leads) = GROUP.with_borrow_mut(|group| {
        group.next_id += 1;
        let id = group.next_id;
        group.waiting.push(Member { id, pending });
        let leads = !group.writing;
        group.writing = true;
        (id, leads)
    });
    if !leads {
        loop {
            let seen = GROUP.with_borrow(|group| group.committed);
            let timed_out = wait(id).await;
            let next = GROUP.with_borrow_mut(|group| {
                if let Some(outcome) = group.outcomes.remove(&id) {
                    Next::Done(outcome)
                } else if !group.writing {
                    group.writing = true;
                    Next::Lead
                } else if timed_out && group.committed == seen {
                    group.writing = false;
                    group.waiting.retain(|m| m.id != id);
                    Next::Alone
                } else {
                    Next::Wait
                }
            });
            match next {
                Next::Done(outcome) => return Some(outcome),
                Next::Lead => break,
                Next::Alone => return None,
                Next::Wait => {}
            }
        }
    }
    // Answers being checked right now, or expected under load, join within a moment.
    let mut gathered = 0.0;
    while gathered < GATHER_MS && (fewer_than_last_batch() || anyone_arriving()) {
        pause(1.0).await;
        gathered += 1.0;
    }
    let batch = GROUP.with_borrow_mut(|group| {
        group.last_batch = group.waiting.len();
        std::mem::take(&mut group.waiting)
    });
    let in_batch = batch.iter().any(|m| m.id == id);
    let outcomes = commit(db, batch).await;
    // Whoever runs first of those still waiting writes the next batch.
    let mine = GROUP.with_borrow_mut(|group| {
        group.writing = false;
        group.committed += 1;
        for (member, outcome) in outcomes {
            group.outcomes.insert(member, outcome);
        }
        let ids: Vec<u64> = group.wake.keys().copied().collect();
        for member in ids {
            if let Some(resolve) = group.wake.remove(&member) {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
        group.outcomes.remove(&id)
    });
    match mine {
        Some(outcome) => Some(outcome),
        // Taken into the batch of a writer that was cancelled: written alone after all.
        None if !in_batch => None,
        None => Some(Err("a group commit lost its own write".into())),
    }
}

/// Lets `ms` milliseconds pass.
async fn pause(ms: f64) {
    let promise = Promise::new(&mut |resolve, _reject| {
        if let Some(set_timeout) = Reflect::get(&js_sys::global(), &"setTimeout".into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
        {
            let _ = set_timeout.call2(&JsValue::NULL, &resolve, &ms.into());
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Waits until a batch commits or [`PATIENCE_MS`] pass; says whether the time ran out.
async fn wait(id: u64) -> bool {
    let timer = JsValue::from_str("timer");
    let global = js_sys::global();
    let function = |name: &str| {
        Reflect::get(&global, &name.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let mut handle = JsValue::UNDEFINED;
    // The executor runs at once: the waker is in place before anyone can resolve it.
    let promise = Promise::new(&mut |resolve, _reject| {
        let later = resolve.bind1(&JsValue::NULL, &timer);
        GROUP.with_borrow_mut(|group| group.wake.insert(id, resolve));
        if let Some(set_timeout) = function("setTimeout") {
            handle = set_timeout
                .call2(&JsValue::NULL, &later, &PATIENCE_MS.into())
                .unwrap_or(JsValue::UNDEFINED);
        }
    });
    let value = JsFuture::from(promise).await.unwrap_or(JsValue::UNDEFINED);
    GROUP.with_borrow_mut(|group| group.wake.remove(&id));
    if let Some(clear_timeout) = function("clearTimeout") {
        let _ = clear_timeout.call1(&JsValue::NULL, &handle);
    }
    value.as_string().is_some()
}

/// Writes `batch` in one D1 batch (or, if that fails, each member alone) and answers each member's
/// outcome.
async fn commit(db: &D1Database, batch: Vec<Member>) -> Vec<(u64, Result<Written, String>)> {
    let answers = || batch.iter().map(|m| &m.pending.answer);
    let together = if batch.len() > 1 && feedback::apart(answers()) {
        upserted_together(db, &batch).await
    } else {
        one_after_another(db, &batch).await
    };
    match together {
        Ok(outcomes) => outcomes,
        Err(error) if batch.len() == 1 => vec![(batch[0].id, Err(error))],
        // Rolled back as a whole: each member again on its own, so only a bad one fails.
        Err(_) => {
            let mut outcomes = Vec::with_capacity(batch.len());
            for member in &batch {
                match one_after_another(db, std::slice::from_ref(member)).await {
                    Ok(alone) => outcomes.extend(alone),
                    Err(error) => outcomes.push((member.id, Err(error))),
                }
            }
            outcomes
        }
    }
}

/// The batch as one upsert of every answer (D1 compiles it once, not once per answer), then what
/// follows each answer in arrival order. Only for answers [`feedback::apart`].
async fn upserted_together(
    db: &D1Database,
    batch: &[Member],
) -> Result<Vec<(u64, Result<Written, String>)>, String> {
    let failed = |e: ApiError| format!("{e:?}");
    let chunks: Vec<&[Member]> = batch.chunks(ANSWERS_PER_UPSERT).collect();
    let mut statements = Vec::new();
    for chunk in &chunks {
        let answers = chunk.iter().map(|m| &m.pending.answer);
        statements.push(feedback::upsert_many(db, answers).map_err(failed)?);
    }
    for member in batch {
        statements.extend(member.pending.followers.iter().cloned());
    }
    let mut results = db
        .batch(statements)
        .await
        .map_err(|e| e.to_string())?
        .into_iter();
    let mut stored = HashMap::new();
    for _ in &chunks {
        let upserted = results
            .next()
            .ok_or("D1 answered a batch without its upsert")?;
        stored.extend(feedback::stored_many(&upserted).map_err(failed)?);
    }
    Ok(batch
        .iter()
        .map(|member| {
            let followed = results.by_ref().take(member.pending.followers.len());
            let row = stored.remove(&member.pending.answer.stored_under());
            (
                member.id,
                feedback::jobs(followed)
                    .map(|jobs| (row, jobs))
                    .map_err(failed),
            )
        })
        .collect())
}

/// The batch as each member's statements, one member after another.
async fn one_after_another(
    db: &D1Database,
    batch: &[Member],
) -> Result<Vec<(u64, Result<Written, String>)>, String> {
    let failed = |e: ApiError| format!("{e:?}");
    let mut statements = Vec::new();
    let mut counts = Vec::with_capacity(batch.len());
    for member in batch {
        let mine = member.pending.statements(db).map_err(failed)?;
        counts.push(mine.len());
        statements.extend(mine);
    }
    let mut results = db
        .batch(statements)
        .await
        .map_err(|e| e.to_string())?
        .into_iter();
    Ok(batch
        .iter()
        .zip(counts)
        .map(|(member, count)| {
            let mine = results.by_ref().take(count).collect();
            (member.id, feedback::written(mine).map_err(failed))
        })
        .collect())
}
