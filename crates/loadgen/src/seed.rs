//! What the device and browser benchmarks share: the real server in-process on a SQLite file with the demo, its
//! people, and open tasks pushed through its API.

use std::path::{Path, PathBuf};

use floordesk_client::Client;
use floordesk_domain::{Priority, Routing, StaffId, TaskDetails, TaskId, ZoneId};
use floordesk_protocol::{NewTaskRequest, Op, OpChange, PushRequest, MAX_PUSH_OPS, SYNC_PROTOCOL_VERSION};
use floordesk_server::{Config, Server};
use floordesk_sync::engine::now;

/// A person of the demo.
pub fn staff(id: &str) -> StaffId {
    StaffId::new(id).expect("a demo id")
}

/// A new routing task `id` in `zone`, met now.
fn routing(id: String, zone: &str) -> OpChange {
    OpChange::Create {
        task: NewTaskRequest {
            id: TaskId::new(id).expect("a task id"),
            zone: ZoneId::new(zone).expect("a demo zone"),
            case_id: None,
            priority: Priority::Normal,
            details: TaskDetails::Routing(Routing { purpose: "Справка".into(), destination: None }),
            met_at: now(),
        },
    }
}

/// Creates `count` routing tasks `t-{prefix}-{n}` in `zone` through the supervisor's pushes, `MAX_PUSH_OPS` at a time.
pub async fn create(client: &Client, token: &str, prefix: &str, zone: &str, count: usize) {
    let ops: Vec<Op> = (0..count)
        .map(|n| Op {
            id: format!("op-{prefix}-{n}"),
            device_time: now(),
            base_version: 0,
            change: routing(format!("t-{prefix}-{n}"), zone),
        })
        .collect();
    for batch in ops.chunks(MAX_PUSH_OPS) {
        let request = PushRequest {
            protocol: SYNC_PROTOCOL_VERSION,
            device: "bench-desk".into(),
            ops: batch.to_vec(),
            sent_at: None,
        };
        client.push(token, &request).await.expect("the seeding push");
    }
}

/// Starts the server with the demo (rules off) on a SQLite file in `dir`, serving the browser UI from `ui_dir` if
/// given; answers its address.
pub async fn start_server(dir: &Path, ui_dir: Option<PathBuf>) -> String {
    let config = Config {
        listen: "127.0.0.1:0".parse().expect("an address"),
        database_url: format!("sqlite://{}", dir.join("central.db").display()),
        ui_dir,
        demo: true,
        enrolled_devices_only: false,
        code_key: None,
        trust_forwarded_for: false,
        tls: None,
        rules: false,
    };
    let server = Server::bind(&config).await.expect("the server binds");
    let url = format!("http://{}", server.local_addr().expect("an address"));
    tokio::spawn(server.run(std::future::pending()));
    url
}
