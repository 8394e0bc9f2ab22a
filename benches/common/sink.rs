//! A minimal SMTP server for the benchmarks, on a thread of its own: 250 to everything, 354 to DATA;
//! counts the messages and keeps nothing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

/// A minimal SMTP server: 250 to everything, 354 to DATA, counts the messages and keeps nothing.
pub fn rust_sink() -> (u16, Arc<AtomicU64>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let count = Arc::new(AtomicU64::new(0));
    let taken = count.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (socket, _) = listener.accept().await.unwrap();
                let taken = taken.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut read = tokio::io::BufReader::with_capacity(64 * 1024, read);
                    write.write_all(b"220 sink ESMTP\r\n").await?;
                    let mut line = Vec::with_capacity(1024);
                    loop {
                        line.clear();
                        if read.read_until(b'\n', &mut line).await? == 0 {
                            return Ok::<_, std::io::Error>(());
                        }
                        let verb = line
                            .get(..4)
                            .map(|v| v.to_ascii_uppercase())
                            .unwrap_or_default();
                        let reply: &[u8] = match &verb[..] {
                            b"EHLO" => b"250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
                            b"DATA" => {
                                write.write_all(b"354 go on\r\n").await?;
                                loop {
                                    line.clear();
                                    if read.read_until(b'\n', &mut line).await? == 0 {
                                        return Ok(());
                                    }
                                    if line == b".\r\n" {
                                        break;
                                    }
                                }
                                taken.fetch_add(1, Ordering::Relaxed);
                                b"250 2.0.0 queued\r\n"
                            }
                            b"QUIT" => {
                                write.write_all(b"221 bye\r\n").await?;
                                return Ok(());
                            }
                            _ => b"250 ok\r\n",
                        };
                        write.write_all(reply).await?;
                    }
                });
            }
        });
    });
    (port, count)
}
