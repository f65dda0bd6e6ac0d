//! Where file contents live: a local directory (the default, `./data/files`) or an
//! S3-compatible bucket, both behind the `object_store` interface.

use std::path::PathBuf;
use std::sync::Arc;

use bytes::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::error::{FileError, Result};

/// The directory files are kept in when nothing else is configured.
pub const DEFAULT_DIR: &str = "data/files";
/// The largest upload accepted when nothing else is configured: 20 MB.
pub const DEFAULT_LIMIT: u64 = 20 * 1024 * 1024;

/// Where files are kept and how large they may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileConfig {
    /// A local directory (used unless a bucket is named).
    pub dir: PathBuf,
    /// An S3-compatible bucket.
    pub bucket: Option<String>,
    /// The bucket's endpoint (`https://s3.example.org`); AWS when absent.
    pub endpoint: Option<String>,
    /// The bucket's region.
    pub region: Option<String>,
    /// Access key id.
    pub access_key: Option<String>,
    /// Secret access key.
    pub secret_key: Option<String>,
    /// The largest file accepted, in bytes.
    pub max_size: u64,
}

impl Default for FileConfig {
    fn default() -> Self {
        Self {
            dir: PathBuf::from(DEFAULT_DIR),
            bucket: None,
            endpoint: None,
            region: None,
            access_key: None,
            secret_key: None,
            max_size: DEFAULT_LIMIT,
        }
    }
}

impl FileConfig {
    /// Reads the configuration from the environment: `URBIS_FILES_DIR`, `URBIS_UPLOAD_LIMIT_MB`,
    /// and for a bucket `URBIS_S3_BUCKET`, `URBIS_S3_ENDPOINT`, `URBIS_S3_REGION`,
    /// `URBIS_S3_ACCESS_KEY_ID`, `URBIS_S3_SECRET_ACCESS_KEY`.
    pub fn from_env() -> Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut config = Self::default();
        if let Some(dir) = var("URBIS_FILES_DIR") {
            config.dir = PathBuf::from(dir);
        }
        if let Some(limit) = var("URBIS_UPLOAD_LIMIT_MB") {
            let mb: u64 = limit.trim().parse().ok().filter(|n| (1..=10_240).contains(n)).ok_or_else(|| {
                FileError::Config(format!(
                    "URBIS_UPLOAD_LIMIT_MB must be a whole number of megabytes from 1 to 10240, not `{limit}`"
                ))
            })?;
            config.max_size = mb * 1024 * 1024;
        }
        config.bucket = var("URBIS_S3_BUCKET");
        config.endpoint = var("URBIS_S3_ENDPOINT");
        config.region = var("URBIS_S3_REGION");
        config.access_key = var("URBIS_S3_ACCESS_KEY_ID");
        config.secret_key = var("URBIS_S3_SECRET_ACCESS_KEY");
        Ok(config)
    }
}

/// The file storage: cheap to clone, shared by every request.
#[derive(Debug, Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    max_size: u64,
    place: String,
    /// The local directory, when the files are kept in one (readiness writes a probe there).
    local: Option<PathBuf>,
}

impl Files {
    /// Opens the storage a configuration names, creating a local directory when missing.
    pub fn open(config: &FileConfig) -> Result<Self> {
        let local = config.bucket.is_none().then(|| config.dir.clone());
        let (store, place): (Arc<dyn ObjectStore>, String) = match &config.bucket {
            Some(bucket) => {
                // The bucket is reached over TLS with the ring provider (as mail uses); an
                // earlier installation by another part of the process is just as good.
                let _ = rustls::crypto::ring::default_provider().install_default();
                // An upload waits for the bucket: a few quick retries, not minutes.
                let retry = object_store::RetryConfig {
                    max_retries: 3,
                    retry_timeout: std::time::Duration::from_secs(20),
                    ..object_store::RetryConfig::default()
                };
                let mut builder = AmazonS3Builder::from_env()
                    .with_bucket_name(bucket)
                    .with_retry(retry);
                if let Some(endpoint) = &config.endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                if let Some(region) = &config.region {
                    builder = builder.with_region(region);
                }
                if let Some(key) = &config.access_key {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &config.secret_key {
                    builder = builder.with_secret_access_key(secret);
                }
                let store = builder
                    .build()
                    .map_err(|e| FileError::Config(format!("bucket `{bucket}`: {e}")))?;
                (Arc::new(store), format!("bucket {bucket}"))
            }
            None => {
                std::fs::create_dir_all(&config.dir).map_err(|e| {
                    FileError::Config(format!("cannot create {}: {e}", config.dir.display()))
                })?;
                let store = LocalFileSystem::new_with_prefix(&config.dir).map_err(|e| {
                    FileError::Config(format!("cannot use {}: {e}", config.dir.display()))
                })?;
                (Arc::new(store), config.dir.display().to_string())
            }
        };
        Ok(Self {
            store,
            max_size: config.max_size,
            place,
            local,
        })
    }

    /// A storage that refuses every write and finds nothing: what a server runs with when no
    /// storage could be opened at all (uploads fail with a clear message, the rest works).
    pub fn unusable() -> Self {
        Self {
            store: Arc::new(object_store::memory::InMemory::new()),
            max_size: 0,
            place: "nowhere".to_owned(),
            local: None,
        }
    }

    /// Whether files can be kept now (readiness): a local directory must take a probe file
    /// (written and removed again; its name, `.readyz#N`, is one listings skip), a bucket
    /// must answer a lookup (a missing object is an answer). The unusable storage never can.
    pub async fn check(&self) -> Result<()> {
        if self.max_size == 0 && self.place == "nowhere" {
            return Err(FileError::Config("no file storage could be opened".into()));
        }
        match &self.local {
            Some(dir) => {
                let dir = dir.clone();
                let probe = dir.join(format!(
                    ".readyz#{}",
                    uuid::Uuid::now_v7().as_u128() % 1_000_000_007
                ));
                let written = tokio::task::spawn_blocking(move || {
                    let written = std::fs::write(&probe, b"ready");
                    let _ = std::fs::remove_file(&probe);
                    written
                })
                .await
                .map_err(|e| FileError::Storage(e.to_string()))?;
                written.map_err(|e| FileError::Storage(format!("{}: {e}", dir.display())))
            }
            None => match self.store.head(&Path::from("readyz-probe")).await {
                Ok(_) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(FileError::Storage(e.to_string())),
            },
        }
    }

    /// The local directory the files are kept in (`None` for a bucket), for `/metrics`.
    pub fn local_dir(&self) -> Option<&std::path::Path> {
        self.local.as_deref()
    }

    /// The largest file accepted, in bytes.
    pub fn max_size(&self) -> u64 {
        self.max_size
    }

    /// Where the files are kept, for the log.
    pub fn place(&self) -> &str {
        &self.place
    }

    /// Stores content under a new random key and returns the key.
    pub async fn put(&self, bytes: impl Into<Bytes>) -> Result<String> {
        let bytes: Bytes = bytes.into();
        if bytes.len() as u64 > self.max_size {
            return Err(FileError::TooLarge {
                limit_mb: self.max_size / (1024 * 1024),
            });
        }
        let key = format!("files/{}", uuid::Uuid::now_v7());
        self.store
            .put(&Path::from(key.as_str()), PutPayload::from_bytes(bytes))
            .await
            .map_err(|e| FileError::Storage(e.to_string()))?;
        Ok(key)
    }

    /// The content stored under a key.
    pub async fn get(&self, key: &str) -> Result<Bytes> {
        let found = self.store.get(&Path::from(key)).await;
        match found {
            Ok(result) => result
                .bytes()
                .await
                .map_err(|e| FileError::Storage(e.to_string())),
            Err(object_store::Error::NotFound { .. }) => Err(FileError::NotFound(key.to_owned())),
            Err(e) => Err(FileError::Storage(e.to_string())),
        }
    }

    /// Removes the content stored under a key; removing what is not there is no error.
    pub async fn delete(&self, key: &str) -> Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(FileError::Storage(e.to_string())),
        }
    }

    /// Every stored key, sorted: what a backup carries.
    pub async fn keys(&self) -> Result<Vec<String>> {
        use futures_util::TryStreamExt;
        let mut keys: Vec<String> = self
            .store
            .list(None)
            .map_ok(|meta| meta.location.to_string())
            .try_collect()
            .await
            .map_err(|e| FileError::Storage(e.to_string()))?;
        keys.sort();
        Ok(keys)
    }

    /// Stores content under a key a backup names (any size: it was accepted once). The key
    /// must be a plain relative path, as [`Files::put`] makes them.
    pub async fn restore(&self, key: &str, bytes: impl Into<Bytes>) -> Result<()> {
        let path = Path::parse(key)
            .ok()
            .filter(|p| !key.is_empty() && p.as_ref() == key)
            .ok_or_else(|| FileError::Storage(format!("`{key}` is not a file key")))?;
        self.store
            .put(&path, PutPayload::from_bytes(bytes.into()))
            .await
            .map_err(|e| FileError::Storage(e.to_string()))?;
        Ok(())
    }

    /// True when content is stored under a key.
    pub async fn exists(&self, key: &str) -> Result<bool> {
        match self.store.head(&Path::from(key)).await {
            Ok(_) => Ok(true),
            Err(object_store::Error::NotFound { .. }) => Ok(false),
            Err(e) => Err(FileError::Storage(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_is_configured_without_reaching_it() {
        let files = Files::open(&FileConfig {
            bucket: Some("urbis-files".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            region: Some("eu-central-1".into()),
            access_key: Some("key".into()),
            secret_key: Some("secret".into()),
            ..FileConfig::default()
        })
        .unwrap();
        assert_eq!(files.place(), "bucket urbis-files");
    }

    #[tokio::test]
    async fn an_unreachable_bucket_is_a_storage_error_not_a_panic() {
        let files = Files::open(&FileConfig {
            bucket: Some("urbis-files".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            region: Some("eu-central-1".into()),
            access_key: Some("key".into()),
            secret_key: Some("secret".into()),
            ..FileConfig::default()
        })
        .unwrap();
        let error = files.put(b"x".to_vec()).await.unwrap_err();
        assert!(matches!(error, FileError::Storage(_)), "{error}");
    }

    #[tokio::test]
    async fn files_go_in_and_out_of_a_local_directory() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::open(&FileConfig {
            dir: dir.path().join("files"),
            max_size: 10,
            ..FileConfig::default()
        })
        .unwrap();
        let key = files.put(Bytes::from_static(b"hello")).await.unwrap();
        assert!(key.starts_with("files/"));
        assert_eq!(files.get(&key).await.unwrap(), Bytes::from_static(b"hello"));
        assert!(files.exists(&key).await.unwrap());
        assert_eq!(files.keys().await.unwrap(), vec![key.clone()]);
        files.restore("files/b", b"again".to_vec()).await.unwrap();
        assert_eq!(
            files.get("files/b").await.unwrap(),
            Bytes::from_static(b"again")
        );
        for bad in ["", "../x", "/abs", "a//b"] {
            assert!(files.restore(bad, b"x".to_vec()).await.is_err(), "{bad}");
        }
        files.delete("files/b").await.unwrap();
        files.delete(&key).await.unwrap();
        assert!(!files.exists(&key).await.unwrap());
        assert!(matches!(files.get(&key).await, Err(FileError::NotFound(_))));
        assert!(matches!(
            files.put(Bytes::from_static(b"more than ten")).await,
            Err(FileError::TooLarge { .. })
        ));
    }
}
