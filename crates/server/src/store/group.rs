//! Group commit: the ops that reach a store together (from many pushes at once) are written in one transaction and
//! made durable by one flush, then every one of them is answered. Each op stays atomic on its own: the statements of
//! an op are ordered so that the only ones that may find it cannot apply (a resend, a newer version) come first and
//! write nothing, and whatever fails later takes the whole group back, which is then written again op by op.
//!
//! One committer task per store takes the ops in turn: while a group is being written the next one gathers in its
//! queue. It runs apart from the requests, so a device that goes away mid-push never cuts a group short.

use std::future::Future;

use floordesk_domain::Task;
use floordesk_protocol::OpResult;
use tokio::sync::{mpsc, oneshot};

use crate::store::{Commit, OpRecord, StoreError};

/// The most ops written in one transaction.
pub(crate) const MAX_GROUP: usize = 256;

/// How many ops may wait for the committer before a request waits to hand its op over.
const QUEUE: usize = 4096;

/// An op's write, as the committer takes it.
#[derive(Debug)]
pub(crate) enum Work {
    /// An accepted op (see [`crate::store::Store::commit_op`]).
    Commit {
        op: OpRecord,
        expected: Option<u64>,
        before: Option<Box<Task>>,
        after: Box<Task>,
        planned: Option<Box<Task>>,
    },
    /// A refused op (see [`crate::store::Store::reject_op`]).
    Reject { op: OpRecord, before: Option<Box<Task>>, result: OpResult },
}

impl Work {
    /// The op being written.
    pub(crate) fn op(&self) -> &OpRecord {
        match self {
            Work::Commit { op, .. } | Work::Reject { op, .. } => op,
        }
    }
}

/// What a written op answers.
#[derive(Debug)]
pub(crate) enum Done {
    Commit(Commit),
    Reject(OpResult),
}

#[derive(Debug)]
struct Pending {
    work: Work,
    reply: oneshot::Sender<Result<Done, StoreError>>,
}

/// A store's committer: a queue of ops and the task that writes them in groups.
#[derive(Debug)]
pub(crate) struct Committer {
    queue: mpsc::Sender<Pending>,
    task: tokio::task::JoinHandle<()>,
}

impl Committer {
    /// Starts the task that writes groups with `write`, which answers every op of a group, in order, and has
    /// made the accepted ones durable before it returns.
    pub(crate) fn start<F, Fut>(write: F) -> Self
    where
        F: Fn(Vec<Work>) -> Fut + Send + 'static,
        Fut: Future<Output = Vec<Result<Done, StoreError>>> + Send + 'static,
    {
        let (queue, mut waiting) = mpsc::channel::<Pending>(QUEUE);
        let task = tokio::spawn(async move {
            let mut group = Vec::with_capacity(MAX_GROUP);
            while waiting.recv_many(&mut group, MAX_GROUP).await > 0 {
                let (works, replies): (Vec<Work>, Vec<_>) = group.drain(..).map(|p| (p.work, p.reply)).unzip();
                // Its own task, so a panic fails this group (its requests hear `Stopped`) and not the committer.
                let Ok(answers) = tokio::spawn(write(works)).await else { continue };
                for (reply, answer) in replies.into_iter().zip(answers) {
                    // The request may have gone away meanwhile: its op is written all the same.
                    let _ = reply.send(answer);
                }
            }
        });
        Self { queue, task }
    }

    /// Hands `work` to the committer and waits until it is written (durable) or refused.
    pub(crate) async fn submit(&self, work: Work) -> Result<Done, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Pending { work, reply }).await.map_err(|_| StoreError::Stopped)?;
        answer.await.map_err(|_| StoreError::Stopped)?
    }
}

impl Drop for Committer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
