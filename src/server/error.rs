//! The server's errors. Display is the Chinese message the user sees (on the console, in
//! a page or in an upload's status).

use std::net::SocketAddr;

use super::store::StoreError;
use crate::pipeline::PipelineError;
use crate::render::output::WriteError;

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading, building or compiling through the library.
    #[error(transparent)]
    Pipeline(#[from] PipelineError),
    #[error("错误：{0}")]
    Write(#[from] WriteError),
    #[error("内部错误：无法输出 JSON：{0}")]
    ResultsJson(serde_json::Error),
    #[error("内部错误：{0}")]
    Json(serde_json::Error),
    #[error("打包失败：{0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("打包失败：{0}")]
    ZipWrite(std::io::Error),
    #[error("内部错误：无法生成工作簿模板：{0}")]
    Template(rust_xlsxwriter::XlsxError),
    #[error("--role 应为 county 或 office，实际为「{0}」")]
    BadRole(String),
    #[error("没有名为「{0}」的账号")]
    NoAccount(String),
    #[error("找不到本用户的数据文件夹（未设置 HOME）：请用 --data 指定数据文件夹")]
    NoDataDir,
    #[error("--token 至少 16 个字符")]
    ShortToken,
    #[error("无法启动服务线程：{0}")]
    Runtime(std::io::Error),
    #[error("无法取得监听地址：{0}")]
    LocalAddr(std::io::Error),
    #[error("端口 8000～8019 都已被占用：请用 --port 指定其他端口")]
    PortsTaken,
    #[error("无法在 {addr} 上提供服务：{source}（端口被占用时用 --port 换一个）")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    /// A blocking task did not finish (it panicked or was cancelled).
    #[error("内部错误")]
    Interrupted,
    #[error("服务出错：{0}")]
    Serve(std::io::Error),
}
