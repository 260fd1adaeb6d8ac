/** The multipart body of a media reply: the conversation, an optional caption and the file. */
export function mediaReplyForm(conversationID: string, file: File, caption: string): FormData {
  const fd = new FormData()
  fd.append('conversation_id', conversationID)
  fd.append('caption', caption)
  fd.append('file', file)
  return fd
}
