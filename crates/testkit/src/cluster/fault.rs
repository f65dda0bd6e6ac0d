//! A TCP proxy on loopback that passes bytes to one target until told to fail: `down` drops
//! every open connection and closes each new one at once (what a restarting server or a lost
//! network looks like to its clients), `slow` holds back every chunk, `up` heals it.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// What the proxy does with the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Pass,
    Down,
    Slow(Duration),
}

#[derive(Debug)]
struct Shared {
    target: SocketAddr,
    mode: Mutex<Mode>,
    /// The open connections (client side, target side), to cut them.
    open: Mutex<HashMap<u64, (TcpStream, TcpStream)>>,
    next: AtomicU64,
    stop: AtomicBool,
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn mode(&self) -> Mode {
        *locked(&self.mode)
    }

    fn cut_all(&self) {
        for (_, (client, target)) in locked(&self.open).drain() {
            let _ = client.shutdown(Shutdown::Both);
            let _ = target.shutdown(Shutdown::Both);
        }
    }
}

/// A running proxy; it stops and cuts what passes through it when dropped.
#[derive(Debug)]
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the stop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        self.shared.cut_all();
    }
}

impl FaultProxy {
    /// Starts a proxy to `target` on a free port of 127.0.0.1, passing everything.
    ///
    /// # Panics
    /// If no port can be bound on 127.0.0.1.
    pub fn start(target: SocketAddr) -> FaultProxy {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap_or_else(|e| panic!("urbis-testkit: the fault proxy cannot listen: {e}"));
        let addr = listener
            .local_addr()
            .unwrap_or_else(|e| panic!("urbis-testkit: the fault proxy has no address: {e}"));
        let shared = Arc::new(Shared {
            target,
            mode: Mutex::new(Mode::Pass),
            open: Mutex::new(HashMap::new()),
            next: AtomicU64::new(0),
            stop: AtomicBool::new(false),
        });
        let accepting = shared.clone();
        std::thread::spawn(move || accept_loop(&listener, &accepting));
        FaultProxy { addr, shared }
    }

    /// Where clients connect.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The port clients connect to.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Fails: every open connection is cut, every new one closed at once.
    pub fn down(&self) {
        *locked(&self.shared.mode) = Mode::Down;
        self.shared.cut_all();
    }

    /// Passes everything again.
    pub fn up(&self) {
        *locked(&self.shared.mode) = Mode::Pass;
    }

    /// Passes everything, each chunk in either direction `delay` late.
    pub fn slow(&self, delay: Duration) {
        *locked(&self.shared.mode) = Mode::Slow(delay);
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    for client in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        if shared.mode() == Mode::Down {
            drop(client);
            continue;
        }
        let Ok(target) = TcpStream::connect_timeout(&shared.target, Duration::from_secs(2)) else {
            continue;
        };
        let _ = client.set_nodelay(true);
        let _ = target.set_nodelay(true);
        let (Ok(client_2), Ok(target_2), Ok(client_3), Ok(target_3)) = (
            client.try_clone(),
            target.try_clone(),
            client.try_clone(),
            target.try_clone(),
        ) else {
            continue;
        };
        let id = shared.next.fetch_add(1, Ordering::Relaxed);
        locked(&shared.open).insert(id, (client_3, target_3));
        let there = shared.clone();
        std::thread::spawn(move || pipe(client, target, &there, id));
        let back = shared.clone();
        std::thread::spawn(move || pipe(target_2, client_2, &back, id));
    }
}

/// Copies `from` to `to` until either side ends, then ends both.
fn pipe(mut from: TcpStream, mut to: TcpStream, shared: &Shared, id: u64) {
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        match shared.mode() {
            Mode::Down => break,
            Mode::Slow(delay) => std::thread::sleep(delay),
            Mode::Pass => {}
        }
        if to.write_all(&buf[..n]).is_err() {
            break;
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
    locked(&shared.open).remove(&id);
}
